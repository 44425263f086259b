package dev.safestart.tws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Feeds random and mutated server replies to the client: valid handshake transcripts with flipped bytes,
 * truncations, huge and negative lengths, non-numeric fields and junk, plus plain random bytes. Whatever
 * arrives, the client returns one classification, never throws, never hangs and never allocates what a
 * hostile length announces. Seed: {@code -Dfuzz.seed=N} to replay a run.
 */
class HandshakeFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final int IN_MEMORY_CASES = 12_000;
    private static final int SOCKET_CASES = 150;
    private static final int SESSION_CASES = 120;
    private static final int[] VERSIONS = {100, 150, 165, 166, 176, 187, 193, 194, 200};
    /** Far below the 16 MiB a trusted length field could make a naive reader allocate. */
    private static final long MAX_ALLOCATION_PER_PROBE = 512 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** A server reply as messages (lists of fields) so field-level mutations stay easy. */
    private static List<List<String>> validTranscript(Random r, int version) {
        List<List<String>> body = new ArrayList<>();
        String accounts = r.nextBoolean() ? "DU1234567" : "DU1,DU2,";
        body.add(List.of("15", "1", accounts));
        body.add(List.of("9", "1", String.valueOf(r.nextInt(100_000))));
        for (int i = r.nextInt(3); i > 0; i--) {
            // Farm notices and restores only: 1100/2110/1300 during the handshake mean not ready (GatewayProbeTest).
            int code = new int[] {2104, 2106, 2158, 2107, 2108, 1101, 1102}[r.nextInt(7)];
            body.add(errorFields(version, code, "notice " + code));
        }
        for (int i = r.nextInt(3); i > 0; i--) {
            body.add(List.of(String.valueOf(20 + r.nextInt(80)), "1", "x" + r.nextInt(1000)));
        }
        if (r.nextInt(20) == 0) {
            body.add(errorFields(version, 326, "client id in use"));
        }
        Collections.shuffle(body, r);
        List<List<String>> all = new ArrayList<>();
        all.add(List.of(String.valueOf(version), "20250425 15:23:54 EST"));
        all.addAll(body);
        return all;
    }

    private static List<String> errorFields(int version, int code, String text) {
        if (version >= 194) {
            return List.of("4", "-1", String.valueOf(code), text, "", "1745600000000");
        }
        if (version >= 166) {
            return List.of("4", "2", "-1", String.valueOf(code), text, "");
        }
        return List.of("4", "2", "-1", String.valueOf(code), text);
    }

    private static byte[] encode(List<List<String>> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (List<String> m : messages) {
            out.writeBytes(Frames.encodeFields(m.toArray()));
        }
        return out.toByteArray();
    }

    private static final String[] BAD_NUMBERS = {
        "", "x", "-", " ", "9999999999999999999", "1e3", "0x10", "١٢", "\u0000", "12a"
    };

    /** One random case: a valid transcript, mutated one to three times, or plain junk. */
    static byte[] fuzzCase(Random r) {
        int kind = r.nextInt(10);
        if (kind == 0) {
            byte[] junk = new byte[r.nextInt(300)];
            r.nextBytes(junk);
            return junk;
        }
        List<List<String>> messages = new ArrayList<>(validTranscript(r, VERSIONS[r.nextInt(VERSIONS.length)]));
        if (kind == 1) {
            return encode(messages); // unmutated: must be READY or CLIENT_ID_IN_USE
        }
        if (r.nextInt(3) == 0) { // field-level: a number that is not one, or a missing field
            int i = r.nextInt(messages.size());
            List<String> m = new ArrayList<>(messages.get(i));
            int f = r.nextInt(m.size());
            if (r.nextBoolean()) {
                m.set(f, BAD_NUMBERS[r.nextInt(BAD_NUMBERS.length)]);
            } else {
                m = m.subList(0, f);
            }
            messages.set(i, m);
        }
        byte[] bytes = encode(messages);
        for (int n = 1 + r.nextInt(3); n > 0 && bytes.length > 0; n--) {
            bytes = mutate(r, bytes);
        }
        return bytes;
    }

    private static byte[] mutate(Random r, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = r.nextInt(bytes.length);
        switch (r.nextInt(6)) {
            case 0 -> { // flip bytes
                byte[] copy = bytes.clone();
                for (int i = 1 + r.nextInt(5); i > 0; i--) {
                    copy[r.nextInt(copy.length)] = (byte) r.nextInt(256);
                }
                return copy;
            }
            case 1 -> { // truncate
                out.write(bytes, 0, pos);
                return out.toByteArray();
            }
            case 2 -> { // a hostile length header at the start of a frame-ish position
                int length = switch (r.nextInt(5)) {
                    case 0 -> 0x01000000 + r.nextInt(0x7EFFFFFF); // over MAX_FRAME
                    case 1 -> 0x80000000 | r.nextInt(); // negative
                    case 2 -> Frames.MAX_FRAME; // legal but never delivered
                    case 3 -> r.nextInt(64); // too short or too long
                    default -> -1;
                };
                out.write(bytes, 0, pos);
                out.write(length >>> 24);
                out.write(length >>> 16);
                out.write(length >>> 8);
                out.write(length);
                out.write(bytes, pos, bytes.length - pos);
                return out.toByteArray();
            }
            case 3 -> { // insert junk
                byte[] junk = new byte[1 + r.nextInt(40)];
                r.nextBytes(junk);
                out.write(bytes, 0, pos);
                out.writeBytes(junk);
                out.write(bytes, pos, bytes.length - pos);
                return out.toByteArray();
            }
            case 4 -> { // drop a span
                int end = Math.min(bytes.length, pos + 1 + r.nextInt(10));
                out.write(bytes, 0, pos);
                out.write(bytes, end, bytes.length - end);
                return out.toByteArray();
            }
            default -> { // duplicate a span
                int end = Math.min(bytes.length, pos + 1 + r.nextInt(30));
                out.write(bytes, 0, end);
                out.write(bytes, pos, bytes.length - pos);
                return out.toByteArray();
            }
        }
    }

    private static void assertClassified(ProbeResult result, byte[] input) {
        assertThat(result).isNotNull();
        assertThat(result.state()).isNotNull();
        // The defensive catch-all must never be what classified a case: every input is decoded on purpose.
        assertThat(result.detail()).as("input %s", hex(input)).doesNotContain("unexpected ");
    }

    @Test
    void inMemoryRepliesAlwaysClassifyWithoutThrowingOrAllocating() {
        System.out.println("fuzz seed " + SEED);
        Random random = new Random(SEED);
        ProbeRequest request = ProbeRequest.of("fuzz", 4002, 1);
        Map<ProbeState, Integer> counts = new EnumMap<>(ProbeState.class);
        long[] maxAllocated = {0};
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            long thread = Thread.currentThread().getId(); // assertTimeoutPreemptively runs us on its own thread
            for (int i = 0; i < IN_MEMORY_CASES; i++) {
                byte[] input = fuzzCase(random);
                ByteArrayInputStream in = new ByteArrayInputStream(input);
                long before = THREADS.getThreadAllocatedBytes(thread);
                ProbeResult result = GatewayProbe.probe(request, in, OutputStream.nullOutputStream());
                long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
                assertClassified(result, input);
                assertThat(allocated)
                        .as("bytes allocated for a %d-byte input", input.length)
                        .isLessThan(MAX_ALLOCATION_PER_PROBE);
                maxAllocated[0] = Math.max(maxAllocated[0], allocated);
                counts.merge(result.state(), 1, Integer::sum);
            }
        });
        assertThat(maxAllocated[0]).as("allocation is measured at all").isPositive();
        System.out.println("fuzz classifications " + counts + ", max allocated per probe " + maxAllocated[0] + " B");
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(IN_MEMORY_CASES);
        // The fuzzer reaches every decoding path, not just the first byte.
        assertThat(counts)
                .containsKeys(
                        ProbeState.READY,
                        ProbeState.PROTOCOL_ERROR,
                        ProbeState.CLOSED_BEFORE_READY,
                        ProbeState.VERSION_UNSUPPORTED,
                        ProbeState.CLIENT_ID_IN_USE);
    }

    @Test
    void unmutatedTranscriptsAreReady() {
        Random random = new Random(SEED);
        for (int i = 0; i < 500; i++) {
            int version = VERSIONS[random.nextInt(VERSIONS.length)];
            List<List<String>> messages = validTranscript(random, version);
            boolean inUse = messages.stream().anyMatch(m -> m.contains("326"));
            ProbeResult r = GatewayProbe.probe(
                    ProbeRequest.of("fuzz", 4002, 1),
                    new ByteArrayInputStream(encode(messages)),
                    OutputStream.nullOutputStream());
            if (!inUse) {
                assertThat(r.state()).as(messages.toString()).isEqualTo(ProbeState.READY);
                assertThat(r.serverVersion()).isEqualTo(version);
            }
        }
    }

    @Test
    void anAnnouncedMaxFrameThatNeverArrivesCostsNoMemory() {
        long thread = Thread.currentThread().getId();
        byte[] input = {0x00, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, '1', '7', '8', 0};
        long before = THREADS.getThreadAllocatedBytes(thread);
        ProbeResult r = GatewayProbe.probe(
                ProbeRequest.of("fuzz", 4002, 1), new ByteArrayInputStream(input), OutputStream.nullOutputStream());
        long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
        assertThat(r.state()).isEqualTo(ProbeState.PROTOCOL_ERROR);
        assertThat(r.detail()).contains("truncated");
        assertThat(allocated).isLessThan(Frames.MAX_FRAME / 16);
    }

    @Test
    void overRealSocketsEachProbeIsBoundedByItsTimeouts() throws Exception {
        Random random = new Random(SEED ^ 0x5EED);
        BlockingQueue<byte[]> cases = new LinkedBlockingQueue<>();
        BlockingQueue<Boolean> keepOpen = new LinkedBlockingQueue<>();
        Duration timeout = Duration.ofMillis(100);
        try (ScriptedServer server = new ScriptedServer(c -> {
            byte[] reply = cases.take();
            boolean open = keepOpen.take();
            c.readGreeting();
            // Write in a few chunks so the client sees partial frames, as it would on a real network.
            int pos = 0;
            while (pos < reply.length) {
                int n = Math.min(reply.length - pos, 1 + (reply.length / 3));
                c.out.write(reply, pos, n);
                c.out.flush();
                pos += n;
            }
            if (open) {
                c.drain();
            }
        })) {
            ProbeRequest request = server.request(1).withTimeouts(timeout, timeout);
            for (int i = 0; i < 20; i++) { // warm up: class loading and JIT are not what this test measures
                cases.add(encode(validTranscript(random, 176)));
                keepOpen.add(false);
                GatewayProbe.probe(request);
            }
            Map<ProbeState, Integer> counts = new EnumMap<>(ProbeState.class);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int i = 0; i < SOCKET_CASES; i++) {
                    byte[] input = fuzzCase(random);
                    cases.add(input);
                    keepOpen.add(random.nextInt(4) == 0);
                    long start = System.nanoTime();
                    ProbeResult result = GatewayProbe.probe(request);
                    double wallMs = (System.nanoTime() - start) / 1e6;
                    assertClassified(result, input);
                    counts.merge(result.state(), 1, Integer::sum);
                    // Bounded means no hang: the timeouts plus scheduling slack on a loaded 2-core machine.
                    assertThat(wallMs)
                            .as("probe bounded by connect + handshake timeout: %s", result)
                            .isLessThan(2 * 100 * 1.1 + 150);
                }
            });
            assertThat(server.failures).isEmpty();
            System.out.println("socket fuzz classifications " + counts);
            // Peers that keep the socket open after a partial reply hit the deadline, not a hang.
            assertThat(counts.keySet()).containsAnyOf(ProbeState.API_NOT_READY, ProbeState.NOT_AUTHENTICATED);
        }
    }

    @Test
    void aReadySessionSurvivesOrClosesCleanlyOnHostileBytes() throws Exception {
        Random random = new Random(SEED ^ 0xFEED);
        BlockingQueue<byte[]> cases = new LinkedBlockingQueue<>();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try (ScriptedServer server = new ScriptedServer(c -> {
            byte[] hostile = cases.take();
            c.negotiate(176);
            c.ready("DU1", 1);
            c.send(hostile);
            c.send(Frames.encodeFields(12345)); // a harmless unknown message marks the end of the case
            c.socket.shutdownOutput();
        })) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int i = 0; i < SESSION_CASES; i++) {
                    byte[] hostile = fuzzCase(random);
                    cases.add(hostile);
                    BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
                    SessionListener listener = new SessionListener() {
                        @Override
                        public void onConnectionEvent(ConnectionEvent event) {
                            seen.add(event);
                        }

                        @Override
                        public void onMessage(Message message) {
                            if (message.fields().equals(List.of("12345"))) {
                                seen.add("end");
                            }
                        }
                    };
                    try (TwsSession session = TwsSession.open(
                            server.request(1).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)), listener)) {
                        // The gateway closes after each case, so every case ends with the end marker or an
                        // event that closes the session; no hostile input may leave the reader hanging.
                        List<Object> all = new ArrayList<>();
                        while (true) {
                            Object next = seen.poll(5, TimeUnit.SECONDS);
                            assertThat(next)
                                    .as("case %s must end", hex(hostile))
                                    .isNotNull();
                            all.add(next);
                            if ("end".equals(next)
                                    || next instanceof ConnectionEvent e
                                            && e.type() == ConnectionEvent.Type.SOCKET_CLOSED) {
                                break;
                            }
                        }
                        for (Object o : all) {
                            if (o instanceof ConnectionEvent event) {
                                assertThat(event.message()).doesNotContain("unexpected ");
                                if (event.type() == ConnectionEvent.Type.PROTOCOL_ERROR) {
                                    assertThat(session.isOpen()).isFalse();
                                }
                            }
                        }
                    }
                }
            });
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        assertThat(uncaught).isEmpty();
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 200); i++) {
            s.append(String.format("%02x", bytes[i]));
        }
        return s.toString();
    }
}
