package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README, the docs and the code comments cite only what is in the repository: no document kept elsewhere
 * (DESIGN.md), no tracker numbers ("issue 4"), no names of working branches (h-runtime, h-alerts, ...). A newcomer
 * with only the checkout must be able to follow every reference. Java lines stay within the formatter's width, and
 * the scripts a newcomer runs first print no colour escape codes.
 */
class RepoHygieneTest {
    /** A reference to something outside the repository. */
    static final Pattern OUTSIDE_REFERENCE =
            Pattern.compile("DESIGN\\.md|(?i:\\bissues?\\s+#?\\d+)|(?<![\\w-])h-[a-z]{3,}\\b");

    private static final Pattern CHECKED = Pattern.compile(
            ".*\\.(java|md|sh|ya?ml|xml|properties|toml|txt|example|js|py)$|^bin/.*|^\\.ci/.*|.*Dockerfile$|.*README$");

    /** The formatter's width (palantir-java-format); it does not rewrap comments or string literals. */
    static final int MAX_JAVA_LINE = 120;

    @Test
    void trackedFilesCiteOnlyWhatIsInTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        int checked = 0;
        for (String name : trackedFiles(CHECKED)) {
            checked++;
            List<String> lines = textLines(name);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = OUTSIDE_REFERENCE.matcher(lines.get(i));
                if (m.find() && !name.endsWith("RepoHygieneTest.java")) {
                    found.add(name + ":" + (i + 1) + ": " + m.group());
                }
            }
        }
        assertThat(checked).as("tracked files checked").isGreaterThan(50);
        assertThat(found).as("references to things outside the repository").isEmpty();
    }

    /** Comments and strings too: a line the formatter cannot shorten is rewrapped by hand. Markdown is exempt. */
    @Test
    void noTrackedJavaLineIsWiderThanTheFormatter() throws IOException {
        List<String> found = new ArrayList<>();
        int checked = 0;
        for (String name : trackedFiles(Pattern.compile(".*\\.java$"))) {
            checked++;
            List<String> lines = textLines(name);
            for (int i = 0; i < lines.size(); i++) {
                int width = lines.get(i).codePointCount(0, lines.get(i).length());
                if (width > MAX_JAVA_LINE) {
                    found.add(name + ":" + (i + 1) + " is " + width + " characters wide");
                }
            }
        }
        assertThat(checked).as("tracked Java files checked").isGreaterThan(50);
        assertThat(found)
                .as("Java lines over " + MAX_JAVA_LINE + " characters (rewrap comments, split strings with +)")
                .isEmpty();
    }

    /** The tracked regular files whose path matches {@code pattern}, relative to the repository root. */
    private static List<String> trackedFiles(Pattern pattern) {
        Path root = Tools.root();
        CommandResult files = CommandResult.run(
                        List.of("git", "-C", root.toString(), "ls-files", "-z"), Map.of(), Duration.ofSeconds(30))
                .assertSuccess();
        List<String> names = new ArrayList<>();
        for (String name : files.stdout().split("\0")) {
            if (!name.isEmpty() && pattern.matcher(name).matches() && Files.isRegularFile(root.resolve(name))) {
                names.add(name);
            }
        }
        return names;
    }

    /** The file's lines, or none for a file that is not UTF-8 text. */
    private static List<String> textLines(String name) throws IOException {
        try {
            return Files.readAllLines(Tools.root().resolve(name), StandardCharsets.UTF_8);
        } catch (CharacterCodingException binary) {
            return List.of();
        }
    }

    /** Maven 3.8 prints ESC[0m even with -B -q; the scripts a newcomer runs first must not. */
    @Test
    void theScriptsBuildWithoutColourEscapeCodes() throws IOException {
        for (String script : List.of("bin/safestart", "bin/test")) {
            String text = Files.readString(Tools.root().resolve(script));
            List<String> mvnLines = text.lines()
                    .filter(l -> l.matches("\\s*(exec\\s+)?mvn\\s.*"))
                    .toList();
            assertThat(mvnLines).as(script + " runs Maven").isNotEmpty();
            assertThat(mvnLines).as(script).allMatch(l -> l.contains("-Dstyle.color=never"));
            assertThat(text)
                    .as(script + " keeps jansi from resetting the terminal")
                    .contains("-Djansi.noreset=true");
        }
    }

    @Test
    void thePatternCatchesWhatItMeansAndNothingElse() {
        for (String bad : List.of("see DESIGN.md", "(issue 4)", "Issue #12", "h-alerts' policy", "h-runtime")) {
            assertThat(OUTSIDE_REFERENCE.matcher(bad).find()).as(bad).isTrue();
        }
        for (String fine : List.of("see ARCHITECTURE.md", "the issue is", "-h-flag", "which-host", "mvn -h")) {
            assertThat(OUTSIDE_REFERENCE.matcher(fine).find()).as(fine).isFalse();
        }
    }
}
