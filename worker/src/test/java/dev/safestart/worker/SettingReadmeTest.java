package dev.safestart.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the code's table: same variables, order, defaults and descriptions. */
class SettingReadmeTest {

    private static final Path README = Path.of("..", "README.md");

    @Test
    void readmeConfigurationTableIsTheSettingTable() throws IOException {
        List<List<String>> readme = configurationRows(Files.readString(README, StandardCharsets.UTF_8));
        List<List<String>> code = new ArrayList<>();
        for (Setting s : Setting.values()) {
            code.add(List.of("`" + s.name() + "`", s.shownDefault(), s.accepted()));
        }
        assertThat(readme)
                .as(
                        "README.md's configuration table differs from Setting; the table to paste is:%n%s",
                        Setting.markdownTable())
                .isEqualTo(code);
    }

    @Test
    void everyIntegerSettingStatesItsBoundsAndEveryDefaultParses() {
        for (Setting s : Setting.values()) {
            if (s.kind == Setting.Kind.INTEGER) {
                assertThat(s.accepted()).as(s.name()).contains(s.min + "-" + s.max);
            }
        }
        Map<String, String> d = WorkerConfig.fromEnv(Map.of()).describe();
        for (Setting s : Setting.values()) {
            assertThat(d).as("describe() names every variable").containsKey(s.name());
        }
    }

    @Test
    void aBoundFromTheTableIsEnforcedWithTheOneLineRefusal() {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_HANDSHAKE_TIMEOUT", String.valueOf(Setting.GATEWAY_HANDSHAKE_TIMEOUT.max + 1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkerConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessage("GATEWAY_HANDSHAKE_TIMEOUT='601' is not accepted: expected an integer 1-600 (seconds)");
    }

    /** The rows of the first table under "## Configuration", each as its cells, without the header. */
    static List<List<String>> configurationRows(String markdown) {
        List<List<String>> rows = new ArrayList<>();
        boolean inSection = false;
        boolean inTable = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("## ")) {
                if (inSection) {
                    break;
                }
                inSection = line.trim().equals("## Configuration");
                continue;
            }
            if (!inSection) {
                continue;
            }
            if (line.startsWith("|")) {
                inTable = true;
                String body = line.trim();
                body = body.substring(1, body.endsWith("|") ? body.length() - 1 : body.length());
                List<String> cells = new ArrayList<>();
                for (String cell : body.split("\\|", -1)) {
                    cells.add(cell.trim());
                }
                rows.add(cells);
            } else if (inTable) {
                break;
            }
        }
        assertThat(rows).as("README.md has a configuration table").hasSizeGreaterThan(2);
        assertThat(rows.get(0)).containsExactly("variable", "default", "accepted");
        return rows.subList(2, rows.size());
    }
}
