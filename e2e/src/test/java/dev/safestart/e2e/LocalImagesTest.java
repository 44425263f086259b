package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.local.yml (the stack without registry access) names only images that
 * docker/build-local-images.sh builds, under local names, and the default compose file keeps the
 * upstream ones. With a Docker engine (CI builds the images before Maven runs), each of those images
 * is also present in the engine.
 */
class LocalImagesTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static Path root;
    private static List<String> compose;

    @BeforeAll
    static void setUp() {
        root = Tools.root();
        compose = Tools.require(
                ComposeFileTest.composeCommand(),
                "a compose implementation (docker compose / docker-compose)",
                "bin/setup.d/20-compose.sh");
    }

    private static Set<String> images(String... files) throws Exception {
        Set<String> images = new TreeSet<>();
        for (String profile : List.of("sim", "ibkr")) {
            List<String> cmd = new ArrayList<>(compose);
            cmd.addAll(List.of("--env-file", root.resolve("docker/.env.example").toString()));
            for (String f : files) {
                cmd.addAll(List.of("-f", root.resolve(f).toString()));
            }
            cmd.addAll(List.of("--profile", profile, "config"));
            CommandResult r = CommandResult.run(
                            cmd, Map.of("TWS_USERID", "", "TWS_PASSWORD", ""), Duration.ofSeconds(60))
                    .assertSuccess();
            JsonNode services = YAML.readTree(r.stdout()).path("services");
            services.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("ib-gateway")) { // the IB Gateway's image is the operator's choice
                    images.add(e.getValue().path("image").asText());
                }
            });
        }
        return images;
    }

    private static List<String> scriptImages() {
        CommandResult r = CommandResult.run(
                        List.of(
                                "bash",
                                root.resolve("docker/build-local-images.sh").toString(),
                                "--list"),
                        Map.of(),
                        Duration.ofSeconds(30))
                .assertSuccess();
        return r.stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void composeLocalNamesOnlyImagesTheScriptBuilds() throws Exception {
        Set<String> local = images("docker/docker-compose.yml", "docker/compose.local.yml");
        List<String> built = scriptImages();
        assertThat(built).allMatch(i -> i.startsWith("safestart-local/"), "local names only");
        assertThat(built).containsExactlyInAnyOrderElementsOf(local);
        assertThat(local)
                .as("every service switched")
                .noneMatch(i -> i.startsWith("temporalio/") || i.startsWith("postgres:"));
        assertThat(images("docker/docker-compose.yml"))
                .as("the default file keeps the upstream images")
                .anyMatch(i -> i.startsWith("temporalio/server:"))
                .anyMatch(i -> i.startsWith("temporalio/ui:"))
                .anyMatch(i -> i.startsWith("postgres:"))
                .noneMatch(i -> i.startsWith("safestart-local/"));
    }

    @Test
    void theScriptPinsTheVersionsOfTheDefaultComposeFile() throws Exception {
        Set<String> upstream = images("docker/docker-compose.yml");
        for (String image : scriptImages()) {
            String tag = image.substring(image.indexOf(':') + 1);
            if (image.contains("/temporal-server:") || image.contains("/temporal-admin-tools:")) {
                assertThat(upstream).anyMatch(u -> u.startsWith("temporalio/server:" + tag));
                assertThat(upstream).anyMatch(u -> u.startsWith("temporalio/admin-tools:" + tag));
            } else if (image.contains("/temporal-ui:")) {
                assertThat(upstream).contains("temporalio/ui:" + tag);
            }
        }
    }

    /** In CI (.ci/run builds the images first) every image compose.local.yml names is in the engine. */
    @Test
    void theEngineHoldsEveryImageComposeLocalNames() throws Exception {
        boolean required = "1".equals(System.getenv("SAFESTART_REQUIRE_DOCKER"));
        boolean engine = Tools.onPath("docker").isPresent()
                && System.getenv("DOCKER_HOST") != null
                && CommandResult.run(List.of("docker", "info"), Map.of(), Duration.ofSeconds(20))
                                .exitCode()
                        == 0;
        assertThat(engine || !required)
                .as("SAFESTART_REQUIRE_DOCKER=1 but no Docker engine at DOCKER_HOST")
                .isTrue();
        assumeTrue(engine, "no Docker engine; skipping");
        for (String image : images("docker/docker-compose.yml", "docker/compose.local.yml")) {
            CommandResult r =
                    CommandResult.run(List.of("docker", "image", "inspect", image), Map.of(), Duration.ofSeconds(30));
            assertThat(r.exitCode())
                    .as("image %s built by docker/build-local-images.sh", image)
                    .isZero();
        }
    }
}
