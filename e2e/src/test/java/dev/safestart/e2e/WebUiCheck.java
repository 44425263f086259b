package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What an operator does in the Temporal Web UI, in headless Chromium: filter the workflows by the
 * bot's search attribute, find its startup, open it, read its attempts in the event history.
 * Screenshots go to e2e/target/screenshots/.
 */
final class WebUiCheck {
    private WebUiCheck() {}

    static int occurrences(String text, String word) {
        int n = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length())) {
            n++;
        }
        return n;
    }

    static Path screenshots() {
        return Tools.root().resolve("e2e/target/screenshots");
    }

    static void run(TemporalServer server, String botId, String workflowId, int attempts) throws Exception {
        Path chromium = Tools.requireChromium();
        try (HeadlessChromium browser = new HeadlessChromium(chromium, Tools.workDir("chromium"), 1400, 1000)) {
            String query = URLEncoder.encode("BotId=\"" + botId + "\"", StandardCharsets.UTF_8)
                    .replace("+", "%20");
            browser.open(server.uiUrl() + "/namespaces/default/workflows?query=" + query);
            String list = browser.awaitText(
                    t -> t.contains(workflowId) && t.contains("Completed"),
                    Duration.ofSeconds(45),
                    "the completed startup " + workflowId + " in the filtered list");
            assertThat(list).contains("StartupWorkflow").contains("BotId");
            browser.screenshot(screenshots().resolve("ui-workflows-filtered-by-botid.png"));

            // Open it the way a person does: click its link in the list.
            String clicked = browser.evaluate("(() => { const a = Array.from(document.querySelectorAll('a'))"
                    + ".find(a => a.href.includes('/workflows/" + workflowId + "/')); if (!a) return 'none';"
                    + " a.click(); return a.href; })()");
            assertThat(clicked).as("a link to the startup in the list").contains("/workflows/" + workflowId + "/");
            String detail = browser.awaitText(
                    t -> t.contains("probePort") && t.contains("initModules"),
                    Duration.ofSeconds(45),
                    "the startup's event history with its attempts");
            assertThat(detail).contains(workflowId).contains("Completed");
            // Every attempt starts with a probePort activity; the page shows each one (timeline and event list).
            String all = browser.awaitText(
                    t -> occurrences(t, "probePort") >= attempts,
                    Duration.ofSeconds(30),
                    attempts + " probePort attempts");
            // Bring the event history (the timeline of attempts) into view for the screenshot.
            String header = "Array.from(document.querySelectorAll('h1,h2,h3,h4'))"
                    + ".find(e => e.innerText.trim() === 'Event History')";
            browser.evaluate("(() => { const h = " + header + "; if (h) h.scrollIntoView(); return !!h; })()");
            // The page may scroll smoothly: the screenshot waits until the header has arrived at the top.
            await("the event history scrolled into view")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> browser.evaluate("(() => { const h = " + header + ";"
                                    + " return !h || Math.abs(h.getBoundingClientRect().top) < 80; })()")
                            .equals("true"));
            java.nio.file.Files.createDirectories(screenshots());
            java.nio.file.Files.writeString(screenshots().resolve("ui-startup-history.txt"), all);
            browser.screenshot(screenshots().resolve("ui-startup-history.png"));
        }
    }
}
