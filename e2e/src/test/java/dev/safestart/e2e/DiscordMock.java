package dev.safestart.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A loopback stand-in for a Discord webhook (plain http on loopback is what the alert module accepts
 * for local testing). Answers like Discord with ?wait=true — 200 and the created message — and keeps
 * every posted payload so a test can count posts per alert id (the embed footer "alert <id>").
 */
final class DiscordMock implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MockWebServer server = new MockWebServer();
    private final List<JsonNode> posts = new CopyOnWriteArrayList<>();
    private final AtomicLong messageIds = new AtomicLong(1_000_000);

    DiscordMock() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    posts.add(JSON.readTree(request.getBody().readUtf8()));
                } catch (IOException e) {
                    return new MockResponse().setResponseCode(400);
                }
                return new MockResponse()
                        .setResponseCode(200)
                        .setHeader("Content-Type", "application/json")
                        .setBody("{\"id\":\"" + messageIds.incrementAndGet() + "\",\"channel_id\":\"1\"}");
            }
        });
        server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    /** A webhook URL of Discord's shape on this loopback server. */
    String webhookUrl() {
        return "http://127.0.0.1:" + server.getPort() + "/api/webhooks/123456789012345678/e2e-token-abcdefgh";
    }

    List<JsonNode> posts() {
        return List.copyOf(posts);
    }

    /** Posts per alert id, from the embed footer the alert module writes ("alert <id>"). */
    Map<String, Integer> postsPerAlertId() {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode p : posts) {
            String footer = p.path("embeds").path(0).path("footer").path("text").asText("");
            String id = footer.startsWith("alert ") ? footer.substring("alert ".length()) : "<no id> " + footer;
            counts.merge(id, 1, Integer::sum);
        }
        return counts;
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
