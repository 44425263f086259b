package dev.safestart.e2e;

/**
 * Hands test classes one Temporal dev server shared by the whole test run (starting it costs seconds); it is
 * stopped when the run ends. Tests that take it are skipped when the temporal CLI is missing, unless
 * SAFESTART_REQUIRE_TOOLS=1, where they fail.
 */
final class DevServerExtension extends SharedServerExtension<DevServer> {
    DevServerExtension() {
        super(DevServer.class);
    }

    @Override
    DevServer start() {
        return DevServer.start(Tools.requireTemporal(), Tools.workDir("dev-server"));
    }

    @Override
    boolean installed() {
        return Tools.temporal().isPresent();
    }

    @Override
    String missing() {
        return "the temporal CLI (dev server) is not installed (bin/setup.d/21-temporal.sh); skipping";
    }
}
