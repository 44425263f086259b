package dev.safestart.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol (a WebSocket, java.net.http):
 * open a page, wait until its rendered text satisfies a condition (the Temporal UI is a single-page
 * app that renders after its API calls), read the text, take a PNG screenshot.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Pattern DEVTOOLS_URL = Pattern.compile("DevTools listening on (ws://\\S+)");
    private final ObjectMapper json = new ObjectMapper();
    private final ManagedProcess process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final String sessionId;

    HeadlessChromium(Path chromium, Path workDir, int width, int height) throws Exception {
        Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
        // Flags from the machine notes: no sandbox as root, and no background traffic (the network is closed).
        process = ManagedProcess.start(
                "chromium",
                List.of(
                        chromium.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        "--remote-allow-origins=*",
                        "--window-size=" + width + "," + height,
                        "about:blank"),
                Map.of(),
                workDir);
        process.awaitLog(l -> DEVTOOLS_URL.matcher(l).find(), Duration.ofSeconds(30), "DevTools endpoint");
        Matcher m = DEVTOOLS_URL.matcher(process.log());
        m.find();
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create(m.group(1)), new Listener())
                .get(10, TimeUnit.SECONDS);
        String targetId = call(null, "Target.createTarget", Map.of("url", "about:blank"))
                .path("targetId")
                .asText();
        sessionId = call(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true))
                .path("sessionId")
                .asText();
        call(sessionId, "Page.enable", Map.of());
        call(
                sessionId,
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    void open(String url) throws Exception {
        JsonNode r = call(sessionId, "Page.navigate", Map.of("url", url));
        if (r.hasNonNull("errorText")) {
            throw new AssertionError(
                    "cannot open " + url + ": " + r.get("errorText").asText());
        }
    }

    /** The page's rendered text (what a person sees), via document.body.innerText. */
    String text() throws Exception {
        return evaluate("document.body ? document.body.innerText : ''");
    }

    String evaluate(String expression) throws Exception {
        JsonNode r = call(sessionId, "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        return r.path("result").path("value").asText("");
    }

    /** Polls the rendered text until {@code condition} holds; fails with what the page showed. */
    String awaitText(Predicate<String> condition, Duration timeout, String what) {
        AtomicReference<String> last = new AtomicReference<>("");
        try {
            return await(what)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(250))
                    .until(
                            () -> {
                                last.set(text());
                                return last.get();
                            },
                            condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "the page never showed " + what + " within " + timeout + "; it showed:\n" + last.get(), e);
        }
    }

    Path screenshot(Path file) throws Exception {
        JsonNode r = call(sessionId, "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", false));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(r.path("data").asText()));
        return file;
    }

    private JsonNode call(String session, String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = json.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", json.valueToTree(params));
        if (session != null) {
            msg.put("sessionId", session);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(json.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
        JsonNode r = reply.get(30, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new AssertionError("DevTools " + method + " failed: " + r.get("error"));
        }
        return r.path("result");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode node = json.readTree(text);
                    if (node.has("id")) {
                        CompletableFuture<JsonNode> f =
                                pending.remove(node.get("id").asInt());
                        if (f != null) {
                            f.complete(node);
                        }
                    }
                } catch (Exception e) {
                    // An event we cannot parse is not an answer to any call; ignore it.
                }
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // The browser is stopped below either way.
        }
        process.stop(Duration.ofSeconds(5));
    }
}
