package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md's edge-case table and the tests agree: every test class a row names exists and carries the row's
 * id in a comment, and every id a test carries has a row. A newcomer can go from a case to its proof and back.
 */
class EdgeCaseCatalogueTest {
    /**
     * A row: {@code | EC-07 | gateway crash | `EngineAgainstSimulatorTest`, `MonitorWithSimulatorTest` |}
     */
    private static final Pattern ROW = Pattern.compile("^\\| (EC-\\d\\d) \\| [^|]+\\| (.+) \\|$");

    private static final Pattern CLASS = Pattern.compile("`(\\w+Test)`");
    private static final Pattern ID = Pattern.compile("EC-\\d\\d");

    @Test
    void everyRowNamesTestsThatCarryItsIdAndEveryIdInATestHasARow() throws IOException {
        Map<String, List<String>> rows = rows();
        assertThat(rows).as("edge-case rows in ARCHITECTURE.md").hasSizeGreaterThanOrEqualTo(30);
        Map<String, Path> tests = testClasses();

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<String>> row : rows.entrySet()) {
            assertThat(row.getValue()).as(row.getKey() + " names a test").isNotEmpty();
            for (String test : row.getValue()) {
                Path file = tests.get(test);
                if (file == null) {
                    problems.add(row.getKey() + ": no test class " + test);
                } else if (!Files.readString(file, StandardCharsets.UTF_8).contains(row.getKey())) {
                    problems.add(row.getKey() + ": " + test + " does not mention it");
                }
            }
        }
        TreeSet<String> idsInTests = new TreeSet<>();
        for (Path file : tests.values()) {
            Matcher m = ID.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                idsInTests.add(m.group());
            }
        }
        idsInTests.removeAll(rows.keySet());
        idsInTests.forEach(id -> problems.add(id + ": carried by a test but has no row"));
        assertThat(problems)
                .as("ARCHITECTURE.md's edge cases against the tests")
                .isEmpty();
    }

    private static Map<String, List<String>> rows() throws IOException {
        Map<String, List<String>> rows = new TreeMap<>();
        for (String line : Files.readAllLines(Tools.root().resolve("ARCHITECTURE.md"), StandardCharsets.UTF_8)) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                List<String> classes = new ArrayList<>();
                Matcher c = CLASS.matcher(row.group(2));
                while (c.find()) {
                    classes.add(c.group(1));
                }
                rows.put(row.group(1), classes);
            }
        }
        return rows;
    }

    /** Every test class of every module, by simple name, excluding this one (it names ids as examples). */
    private static Map<String, Path> testClasses() throws IOException {
        Map<String, Path> tests = new TreeMap<>();
        List<Path> testRoots;
        try (Stream<Path> modules = Files.list(Tools.root())) {
            testRoots = modules.map(m -> m.resolve("src/test/java"))
                    .filter(Files::isDirectory)
                    .toList();
        }
        for (Path testRoot : testRoots) {
            try (Stream<Path> files = Files.walk(testRoot)) {
                files.filter(p -> p.getFileName().toString().endsWith("Test.java"))
                        .filter(p -> !p.getFileName().toString().equals("EdgeCaseCatalogueTest.java"))
                        .forEach(p -> tests.put(p.getFileName().toString().replace(".java", ""), p));
            }
        }
        return tests;
    }
}
