package dev.safestart.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.safestart.tws.Frames;
import dev.safestart.tws.GatewayProbe;
import dev.safestart.tws.ProbeRequest;
import dev.safestart.tws.ProbeResult;
import dev.safestart.tws.ProbeState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The simulator never dies on bad client bytes, and races on one client id admit exactly one. */
class SimRobustnessTest {

    @Test
    void survivesHundredsOfRandomAndMutatedClientsAndStillServes() throws Exception {
        try (GatewaySimulator sim =
                GatewaySimulator.start(SimConfig.defaults().withHandshakeTimeout(Duration.ofMillis(500)))) {
            Random random = new Random(42);
            byte[] valid = validOpening();
            for (int i = 0; i < 400; i++) {
                byte[] bytes;
                if (i % 2 == 0) {
                    bytes = new byte[random.nextInt(64)];
                    random.nextBytes(bytes);
                } else {
                    bytes = valid.clone();
                    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                    }
                    if (random.nextBoolean()) {
                        bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
                    }
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", sim.port()), 1000);
                    s.setSoLinger(true, 0); // sometimes a reset rather than a clean close
                    OutputStream out = s.getOutputStream();
                    out.write(bytes);
                    out.flush();
                } catch (IOException ignored) {
                    // the sim may close first: fine
                }
            }
            ProbeResult r = GatewayProbe.probe(ProbeRequest.of("127.0.0.1", sim.port(), 1)
                    .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)));
            assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.READY);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(sim.status().sessions())
                            .as("every bad session was cleaned up")
                            .isEmpty());
        }
    }

    @Test
    void clientsRacingForOneIdAdmitExactlyOne() throws Exception {
        try (GatewaySimulator sim = GatewaySimulator.start(SimConfig.defaults())) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<RawClient> clients = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    RawClient c = RawClient.connect(sim.port()).hello("v100..193");
                    c.read();
                    clients.add(c);
                }
                List<Future<String>> outcomes = new ArrayList<>();
                for (RawClient c : clients) {
                    outcomes.add(pool.submit((Callable<String>) () -> {
                        c.startApi(77);
                        List<String> first = c.read();
                        return first.get(0).equals("4") ? first.get(3) : first.get(0);
                    }));
                }
                List<String> results = new ArrayList<>();
                for (Future<String> f : outcomes) {
                    results.add(f.get());
                }
                assertThat(results).filteredOn("15"::equals).hasSize(1);
                assertThat(results).filteredOn("326"::equals).hasSize(7);
                for (RawClient c : clients) {
                    c.close();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void backToBackProbesWithOneClientIdAreNeverRefused() throws Exception {
        try (GatewaySimulator sim = GatewaySimulator.start(SimConfig.defaults())) {
            for (int i = 0; i < 100; i++) {
                ProbeResult r = GatewayProbe.probe(ProbeRequest.of("127.0.0.1", sim.port(), 100)
                        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)));
                assertThat(r.state()).as("probe %d: %s", i, r.detail()).isEqualTo(ProbeState.READY);
            }
        }
    }

    private static byte[] validOpening() {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes(Frames.API_PREFIX);
        b.writeBytes(Frames.frame("v100..193".getBytes(StandardCharsets.US_ASCII)));
        b.writeBytes(Frames.encodeFields(71, 2, 5, ""));
        b.writeBytes(Frames.encodeFields(49, 1));
        b.writeBytes(Frames.encodeFields(7, 3, 9, 0, "", "", "", "", "", ""));
        return b.toByteArray();
    }
}
