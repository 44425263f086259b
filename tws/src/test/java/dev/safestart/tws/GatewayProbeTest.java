package dev.safestart.tws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** One test per classification, over real loopback sockets against a scripted server. */
class GatewayProbeTest {
    private static final Duration TIMEOUT = Duration.ofMillis(1000);

    /** Class loading and logging set-up happen once per JVM; they are not what the timing tests measure. */
    @org.junit.jupiter.api.BeforeAll
    static void warmUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        GatewayProbe.probe(ProbeRequest.of("127.0.0.1", port, 1));
    }

    private static ProbeRequest fast(ScriptedServer server, int clientId) {
        return server.request(clientId).withTimeouts(TIMEOUT, TIMEOUT);
    }

    /** The classification arrives within the configured timeout ± 10 %, measured both inside and outside. */
    private static ProbeResult probeTimed(ProbeRequest request, Duration expected) {
        long start = System.nanoTime();
        ProbeResult result = GatewayProbe.probe(request);
        double wallMs = (System.nanoTime() - start) / 1e6;
        double low = expected.toMillis() * 0.9, high = expected.toMillis() * 1.1;
        assertThat(result.latencyMs()).as("latency of " + result).isBetween(low, high);
        assertThat(wallMs).as("wall time of " + result).isBetween(low, high);
        return result;
    }

    @Test
    void readyWithAccountsThenNextValidId() throws Exception {
        AtomicReference<String> greeting = new AtomicReference<>();
        AtomicReference<List<String>> startApi = new AtomicReference<>();
        try (ScriptedServer server = new ScriptedServer(c -> {
            greeting.set(c.readGreeting());
            c.hello(178);
            startApi.set(c.readMessage());
            c.ready("DU1234567", 42);
            c.drain();
        })) {
            ProbeResult r = GatewayProbe.probe(fast(server, 100));
            assertThat(r.state()).isEqualTo(ProbeState.READY);
            assertThat(r.accounts()).containsExactly("DU1234567");
            assertThat(r.serverVersion()).isEqualTo(178);
            assertThat(r.nextOrderId()).isEqualTo(42);
            assertThat(r.connectionTime()).isEqualTo("20250425 15:23:54 EST");
            assertThat(r.latencyMs()).isPositive().isLessThan(TIMEOUT.toMillis());
            assertThat(r.clientId()).isEqualTo(100);
            assertThat(greeting.get()).isEqualTo("v100..200");
            // startApi: 71, version 2, client id, empty optional capabilities (server >= 72)
            assertThat(startApi.get()).containsExactly("71", "2", "100", "");
        }
    }

    @Test
    void readyWithNextValidIdFirstAndTrailingComma() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.negotiate(176);
            c.sendFields(MessageIds.NEXT_VALID_ID, 1, 7);
            c.sendFields(4, 2, -1, 2104, "Market data farm connection is OK:usfarm", "");
            c.sendFields(MessageIds.MANAGED_ACCOUNTS, 1, "DU111,DU222,");
            c.drain();
        })) {
            ProbeResult r = GatewayProbe.probe(fast(server, 5));
            assertThat(r.state()).isEqualTo(ProbeState.READY);
            assertThat(r.accounts()).containsExactly("DU111", "DU222");
            assertThat(r.nextOrderId()).isEqualTo(7);
        }
    }

    @Test
    void greetingIsOneWriteAndRepliesMayArriveByteByByte() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            // The greeting must already be complete in the first segment we can read.
            byte[] first = new byte[64];
            c.socket.setSoTimeout(2000);
            Thread.sleep(50);
            int n = c.in.read(first);
            assertThat(new String(first, 0, n, "ISO-8859-1")).isEqualTo("API\0\0\0\0\011v100..200");
            ByteArrayOutputStream replies = new ByteArrayOutputStream();
            replies.writeBytes(Frames.encodeFields(190, "20250425 15:23:54 EST"));
            for (byte b : replies.toByteArray()) {
                c.send(new byte[] {b});
            }
            c.readMessage();
            replies.reset();
            replies.writeBytes(Frames.encodeFields(15, 1, "DU9"));
            replies.writeBytes(Frames.encodeFields(9, 1, 1));
            for (byte b : replies.toByteArray()) {
                c.send(new byte[] {b});
            }
            c.drain();
        })) {
            ProbeResult r = GatewayProbe.probe(fast(server, 1));
            assertThat(r.state()).isEqualTo(ProbeState.READY);
            assertThat(server.failures).isEmpty();
        }
    }

    @Test
    void portClosed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProbeResult r = GatewayProbe.probe(ProbeRequest.of("127.0.0.1", port, 1).withTimeouts(TIMEOUT, TIMEOUT));
        assertThat(r.state()).isEqualTo(ProbeState.PORT_CLOSED);
        assertThat(r.detail()).contains("refused");
        assertThat(r.latencyMs()).isLessThan(TIMEOUT.toMillis());
    }

    @Test
    void unknownHostIsUnreachable() { // EC-06
        ProbeResult r = GatewayProbe.probe(
                ProbeRequest.of("no-such-gateway.invalid", 4002, 1).withTimeouts(TIMEOUT, TIMEOUT));
        assertThat(r.state()).isEqualTo(ProbeState.UNREACHABLE);
        assertThat(r.latencyMs()).isLessThanOrEqualTo(TIMEOUT.toMillis() * 1.1);
    }

    @Test
    void connectTimeoutIsUnreachableWithinTheConnectTimeout() throws Exception { // EC-05
        // A listener that never accepts: once its backlog is full, Linux drops further SYNs, so connect hangs
        // exactly as it does towards a host that silently drops packets.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> fillers = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    java.net.Socket s = new java.net.Socket();
                    try {
                        s.connect(
                                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()),
                                200);
                        fillers.add(s);
                    } catch (java.io.IOException e) {
                        s.close();
                        break; // the backlog is full
                    }
                }
                Duration connect = Duration.ofMillis(700);
                ProbeRequest request =
                        ProbeRequest.of("127.0.0.1", full.getLocalPort(), 1).withTimeouts(connect, TIMEOUT);
                org.junit.jupiter.api.Assumptions.assumeTrue(fillers.size() < 8, "this kernel never fills the backlog");
                ProbeResult r = probeTimed(request, connect);
                assertThat(r.state()).isEqualTo(ProbeState.UNREACHABLE);
                assertThat(r.detail()).contains("no TCP connection").contains("700 ms");
            } finally {
                for (java.net.Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void apiNotReadyWhenTcpAcceptedAndNothingAnswers() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ScriptedServer.Conn::drain)) {
            ProbeResult r = probeTimed(fast(server, 1), TIMEOUT);
            assertThat(r.state()).isEqualTo(ProbeState.API_NOT_READY);
            assertThat(r.detail()).contains("no server version within 1000 ms");
        }
    }

    @Test
    void aTricklingPeerCannotStretchTheDeadline() throws Exception {
        // One byte of a never-ending frame every 100 ms: each read succeeds, the overall deadline still holds.
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.readGreeting();
            c.send(new byte[] {0, 0, 1, 0});
            for (int i = 0; i < 100; i++) {
                c.send(new byte[] {'1'});
                Thread.sleep(100);
            }
        })) {
            ProbeResult r = probeTimed(fast(server, 1), TIMEOUT);
            assertThat(r.state()).isEqualTo(ProbeState.API_NOT_READY);
        }
    }

    @Test
    void notAuthenticatedWhenHandshakeDoneButNoAccounts() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.negotiate(178);
            c.sendFields(MessageIds.NEXT_VALID_ID, 1, 1);
            c.drain();
        })) {
            ProbeResult r = probeTimed(fast(server, 1), TIMEOUT);
            assertThat(r.state()).isEqualTo(ProbeState.NOT_AUTHENTICATED);
            assertThat(r.serverVersion()).isEqualTo(178);
            assertThat(r.detail()).contains("no managed accounts").doesNotContain("no next valid id");
        }
    }

    @Test
    void notAuthenticatedWhenAccountsEmptyAndNoNextId() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.negotiate(178);
            c.sendFields(MessageIds.MANAGED_ACCOUNTS, 1, ",");
            c.drain();
        })) {
            ProbeResult r = probeTimed(fast(server, 1), TIMEOUT);
            assertThat(r.state()).isEqualTo(ProbeState.NOT_AUTHENTICATED);
            assertThat(r.detail()).contains("empty managed-accounts list").contains("no next valid id");
        }
    }

    @Test
    void closedBeforeReadySaysClientIdInUse() throws Exception { // EC-17
        try (ScriptedServer server = new ScriptedServer(c -> c.negotiate(178))) {
            ProbeResult r = GatewayProbe.probe(fast(server, 7));
            assertThat(r.state()).isEqualTo(ProbeState.CLOSED_BEFORE_READY);
            assertThat(r.detail()).contains("client id 7 already in use?");
            assertThat(r.latencyMs()).isLessThan(TIMEOUT.toMillis() / 2.0);
        }
    }

    @Test
    void closedBeforeServerVersion() throws Exception { // EC-04
        try (ScriptedServer server = new ScriptedServer(c -> c.readGreeting())) {
            ProbeResult r = GatewayProbe.probe(fast(server, 9));
            assertThat(r.state()).isEqualTo(ProbeState.CLOSED_BEFORE_READY);
            assertThat(r.detail()).contains("before the server version").contains("client id 9 already in use?");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1100, 2110, 1300})
    void connectivityErrorDuringTheHandshakeMeansNotReady(int code) throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.readGreeting();
            c.hello(178);
            c.readMessage();
            c.send(new TwsError(-1, code, "Connectivity between IB and Trader Workstation has been lost.", "", 0)
                    .encode(178));
            c.ready("DU1234567", 42);
            c.drain();
        })) {
            ProbeResult r = GatewayProbe.probe(fast(server, 100));
            assertThat(r.state()).isNotEqualTo(ProbeState.READY).isEqualTo(ProbeState.NOT_AUTHENTICATED);
            assertThat(r.detail()).contains(String.valueOf(code)).contains("not ready");
        }
    }

    @Test
    void connectivityRestoredDuringTheHandshakeIsReady() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.readGreeting();
            c.hello(178);
            c.readMessage();
            c.send(new TwsError(-1, 1100, "Connectivity between IB and Trader Workstation has been lost.", "", 0)
                    .encode(178));
            c.send(new TwsError(
                            -1,
                            1102,
                            "Connectivity between IB and Trader Workstation has been restored - data maintained.",
                            "",
                            0)
                    .encode(178));
            c.ready("DU1234567", 42);
            c.drain();
        })) {
            assertThat(GatewayProbe.probe(fast(server, 100)).state()).isEqualTo(ProbeState.READY);
        }
    }

    @Test
    void clientIdInUseInEachErrorLayout() throws Exception {
        for (int version : new int[] {150, 176, 200}) {
            int[] range =
                    version < 166 ? new int[] {100, 165} : version < 194 ? new int[] {166, 193} : new int[] {194, 200};
            try (ScriptedServer server = new ScriptedServer(c -> {
                String greeting = c.readGreeting();
                assertThat(greeting).isEqualTo("v" + range[0] + ".." + range[1]);
                c.hello(version);
                c.readMessage();
                c.send(new TwsError(
                                -1, 326, "Unable to connect as the client id is already in use.", "", 1700000000000L)
                        .encode(version));
                c.drain();
            })) {
                ProbeResult r = GatewayProbe.probe(fast(server, 1).withVersions(range[0], range[1]));
                assertThat(r.state()).as("server version " + version).isEqualTo(ProbeState.CLIENT_ID_IN_USE);
                assertThat(r.serverVersion()).isEqualTo(version);
                assertThat(r.detail()).contains("326").contains("already in use");
                assertThat(server.failures).isEmpty();
            }
        }
    }

    @Test
    void versionOutsideAdvertisedRangeIsUnsupported() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.readGreeting();
            c.hello(201);
            c.drain();
        })) {
            ProbeResult r = GatewayProbe.probe(fast(server, 1));
            assertThat(r.state()).isEqualTo(ProbeState.VERSION_UNSUPPORTED);
            assertThat(r.serverVersion()).isEqualTo(201);
            assertThat(r.detail()).contains("201").contains("v100..200");
        }
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.readGreeting();
            c.hello(150);
            c.drain();
        })) {
            ProbeResult r = GatewayProbe.probe(fast(server, 1).withVersions(166, 200));
            assertThat(r.state()).isEqualTo(ProbeState.VERSION_UNSUPPORTED);
        }
    }

    @Test
    void malformedFramesAreProtocolErrors() throws Exception {
        List<byte[]> replies = List.of(
                new byte[] {0x01, 0x00, 0x00, 0x00}, // 16 MiB: over MAX_FRAME
                new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, // negative
                Frames.encodeFields("abc", "20250425"), // non-numeric server version
                new byte[] {0, 0, 0, 20, '1', '7', '8', 0}); // truncated, then close
        for (byte[] reply : replies) {
            try (ScriptedServer server = new ScriptedServer(c -> {
                c.readGreeting();
                c.send(reply);
            })) {
                ProbeResult r = GatewayProbe.probe(fast(server, 1));
                assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.PROTOCOL_ERROR);
                assertThat(r.latencyMs()).isLessThan(TIMEOUT.toMillis() / 2.0);
            }
        }
    }

    @Test
    void nonNumericNextValidIdIsProtocolError() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.negotiate(178);
            c.sendFields(MessageIds.NEXT_VALID_ID, 1, "seven");
            c.drain();
        })) {
            ProbeResult r = GatewayProbe.probe(fast(server, 1));
            assertThat(r.state()).isEqualTo(ProbeState.PROTOCOL_ERROR);
            assertThat(r.detail()).contains("seven");
        }
    }

    @Test
    void serverBelowVersion72GetsNoCapabilitiesField() throws Exception {
        assertThat(Frames.splitFields(
                        java.util.Arrays.copyOfRange(Handshake.startApi(3, 71), 4, Handshake.startApi(3, 71).length)))
                .containsExactly("71", "2", "3");
    }
}
