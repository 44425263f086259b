package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The module table of ARCHITECTURE.md, enforced on the poms: which of our modules each may depend on (a
 * {@code @test} suffix: in test scope only) and which libraries it must never see. Protocol code knows nothing of
 * Temporal; workflow code does no I/O; nothing depends upward.
 */
class ModuleDependencyTest {
    private static final String OURS = "dev.safestart";

    record Rule(Set<String> ours, List<String> forbiddenGroups) {}

    static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("tws", new Rule(Set.of(), List.of("io.temporal", "com.fasterxml", "com.squareup"))),
            Map.entry("gateway-sim", new Rule(Set.of("tws"), List.of("io.temporal"))),
            Map.entry("workflows", new Rule(Set.of(), List.of("com.squareup", "com.fasterxml"))),
            Map.entry("engine", new Rule(Set.of("tws", "gateway-sim@test"), List.of("io.temporal"))),
            Map.entry("activities", new Rule(Set.of("workflows", "tws", "engine", "gateway-sim@test"), List.of())),
            Map.entry("worker", new Rule(Set.of("workflows", "activities", "engine", "gateway-sim@test"), List.of())),
            Map.entry("localrun", new Rule(Set.of("worker"), List.of())),
            Map.entry("starter", new Rule(Set.of("worker", "gateway-sim", "localrun@test"), List.of())),
            Map.entry("devtools", new Rule(Set.of("starter", "localrun", "gateway-sim"), List.of())),
            Map.entry("e2e", new Rule(Set.of("starter@test", "devtools@test"), List.of())));

    @Test
    void everyModuleIsInTheTable() throws Exception {
        Document parent = parse(Files.readAllBytes(Tools.root().resolve("pom.xml")));
        Set<String> modules = new TreeSet<>();
        NodeList list = parent.getElementsByTagName("module");
        for (int i = 0; i < list.getLength(); i++) {
            modules.add(list.item(i).getTextContent().trim());
        }
        assertThat(modules)
                .as("modules in the parent pom; add a new one to RULES and ARCHITECTURE.md")
                .isEqualTo(new TreeSet<>(RULES.keySet()));
    }

    @Test
    void noModuleDependsOnWhatTheTableForbids() throws Exception {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, Rule> e : RULES.entrySet()) {
            byte[] pom = Files.readAllBytes(Tools.root().resolve(e.getKey()).resolve("pom.xml"));
            found.addAll(violations(e.getKey(), e.getValue(), pom));
        }
        assertThat(found).isEmpty();
    }

    @Test
    void aForbiddenDependencyIsNamed() throws Exception {
        String pom = "<project><dependencies>"
                + "<dependency><groupId>io.temporal</groupId><artifactId>temporal-sdk</artifactId></dependency>"
                + "<dependency><groupId>dev.safestart</groupId><artifactId>engine</artifactId></dependency>"
                + "<dependency><groupId>dev.safestart</groupId><artifactId>gateway-sim</artifactId></dependency>"
                + "</dependencies></project>";
        assertThat(violations("engine", RULES.get("engine"), pom.getBytes(StandardCharsets.UTF_8)))
                .containsExactly(
                        "engine -> io.temporal:temporal-sdk (compile)",
                        "engine -> dev.safestart:engine (compile)",
                        "engine -> dev.safestart:gateway-sim (compile)");
    }

    static List<String> violations(String module, Rule rule, byte[] pom) throws Exception {
        List<String> found = new ArrayList<>();
        Element project = parse(pom).getDocumentElement();
        for (Element deps : children(project, "dependencies")) {
            for (Element dep : children(deps, "dependency")) {
                String group = text(dep, "groupId", "");
                String artifact = text(dep, "artifactId", "");
                String scope = text(dep, "scope", "compile");
                boolean bad = group.equals(OURS)
                        ? !(rule.ours().contains(artifact)
                                || scope.equals("test") && rule.ours().contains(artifact + "@test"))
                        : rule.forbiddenGroups().stream().anyMatch(group::startsWith);
                if (bad) {
                    found.add(module + " -> " + group + ":" + artifact + " (" + scope + ")");
                }
            }
        }
        return found;
    }

    private static Document parse(byte[] xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    /** Direct children only: dependencyManagement and plugin dependencies are not the module's dependencies. */
    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el && el.getTagName().equals(tag)) {
                out.add(el);
            }
        }
        return out;
    }

    private static String text(Element parent, String tag, String otherwise) {
        List<Element> found = children(parent, tag);
        return found.isEmpty() ? otherwise : found.get(0).getTextContent().trim();
    }
}
