package dev.safestart.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DISCORD_WEBHOOK_URL_FILE: the webhook from a mounted secret file, never echoed. */
class WebhookFileTest {
    private static final String WEBHOOK = "https://discord.com/api/webhooks/123456789012345678/s3cr3t-T0KEN_value";

    @Test
    void theWebhookIsReadFromTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("webhook"), WEBHOOK + "\n");
        WorkerConfig c = WorkerConfig.fromEnv(Map.of("DISCORD_WEBHOOK_URL_FILE", file.toString()));
        assertThat(c.discordWebhook()).isPresent();
        assertThat(c.discordWebhook().get().toString()).doesNotContain("s3cr3t-T0KEN_value");
        assertThat(c.toString()).doesNotContain("s3cr3t-T0KEN_value");
        assertThat(c.describe().toString()).doesNotContain("s3cr3t-T0KEN_value");
    }

    @Test
    void anUnreadableFileIsAClearErrorNamingTheVariable(@TempDir Path dir) {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("DISCORD_WEBHOOK_URL_FILE", missing.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DISCORD_WEBHOOK_URL_FILE")
                .hasMessageContaining("cannot read " + missing)
                .hasMessageContaining("NoSuchFileException");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("DISCORD_WEBHOOK_URL_FILE", dir.toString())))
                .as("a directory")
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read");
    }

    @Test
    void anEmptyFileOrBothSourcesAreRefused(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("DISCORD_WEBHOOK_URL_FILE", empty.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is empty");
        Path file = Files.writeString(dir.resolve("webhook"), WEBHOOK);
        assertThatThrownBy(() -> WorkerConfig.fromEnv(
                        Map.of("DISCORD_WEBHOOK_URL_FILE", file.toString(), "DISCORD_WEBHOOK_URL", WEBHOOK)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not both")
                .hasMessageNotContaining("s3cr3t-T0KEN_value");
    }

    @Test
    void aBadUrlInTheFileIsRefusedWithoutRepeatingIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("webhook"), "http://example.com/hook/s3cr3t-T0KEN_value");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("DISCORD_WEBHOOK_URL_FILE", file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("s3cr3t-T0KEN_value");
    }
}
