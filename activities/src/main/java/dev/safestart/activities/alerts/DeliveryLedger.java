package dev.safestart.activities.alerts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable memory of which alerts Discord has confirmed, so that neither an activity retry nor a worker
 * restart posts one twice. One append-only text file, one line per confirmed post:
 * {@code <alertId, URL-encoded>\t<messageId>\t<ISO instant>}, fsync'd before the activity returns.
 *
 * <p>Loaded at start; a torn last line (a crash mid-write) is skipped. Bounded: entries older than the
 * retention or beyond the entry cap are dropped by compaction (write a new file, fsync, atomic rename), which
 * runs at open and whenever the file has grown to twice the cap. When an id is not found, lines appended
 * since the last read (by another worker process on the same state directory) are read first.
 */
public final class DeliveryLedger {
    private static final Logger log = LoggerFactory.getLogger(DeliveryLedger.class);
    public static final String FILE_NAME = "alerts-ledger";
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    /** One confirmed delivery. */
    public record Delivery(String alertId, String messageId, Instant deliveredAt) {}

    private final Path file;
    private final int maxEntries;
    private final Duration retention;
    private final Map<String, Delivery> entries = new LinkedHashMap<>();
    private long readOffset;
    private int linesInFile;

    private DeliveryLedger(Path file, int maxEntries, Duration retention) {
        this.file = file;
        this.maxEntries = maxEntries;
        this.retention = retention;
    }

    /** Opens (creating if needed) the ledger file {@code alerts-ledger} in {@code stateDir}. */
    public static DeliveryLedger openIn(Path stateDir) {
        return open(stateDir.resolve(FILE_NAME), DEFAULT_MAX_ENTRIES, DEFAULT_RETENTION);
    }

    public static DeliveryLedger open(Path file, int maxEntries, Duration retention) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be ≥ 1, was " + maxEntries);
        }
        DeliveryLedger ledger = new DeliveryLedger(file.toAbsolutePath(), maxEntries, retention);
        try {
            Path dir = ledger.file.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            if (!Files.exists(ledger.file)) {
                Files.createFile(ledger.file);
                fsyncDirectory(dir);
            }
            synchronized (ledger) {
                ledger.closeTornTail();
                ledger.readNewLines();
                ledger.compact(Instant.now());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open the alert delivery ledger " + ledger.file + ": " + e.getMessage(), e);
        }
        return ledger;
    }

    /**
     * The confirmed delivery of {@code alertId}, if any (including ones another process recorded since we last looked).
     */
    public synchronized Optional<Delivery> find(String alertId) {
        Delivery known = entries.get(alertId);
        if (known == null) {
            try {
                readNewLines();
            } catch (IOException e) {
                log.warn("alert ledger {} unreadable, relying on what is in memory: {}", file, e.getMessage());
            }
            known = entries.get(alertId);
        }
        return Optional.ofNullable(known);
    }

    /** Records a confirmed post; durable (fsync'd) when this returns. */
    public synchronized void record(String alertId, String messageId, Instant at) throws IOException {
        Delivery d = new Delivery(alertId, messageId == null || messageId.isBlank() ? "-" : messageId, at);
        readNewLines(); // keep our offset at the end, so we never re-read our own line as "new"
        String line = encode(d);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
            readOffset = ch.size();
        }
        entries.put(alertId, d);
        linesInFile++;
        if (linesInFile >= 2 * maxEntries) {
            compact(at);
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    public Path file() {
        return file;
    }

    private void readNewLines() throws IOException {
        long size = Files.size(file);
        if (size < readOffset) { // compacted by another process: start over
            entries.clear();
            readOffset = 0;
            linesInFile = 0;
        }
        if (size == readOffset) {
            return;
        }
        byte[] fresh;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(readOffset);
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16, size - readOffset));
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // read all
            }
            fresh = java.util.Arrays.copyOf(buf.array(), buf.position());
        }
        // Only whole lines count; an incomplete tail is left for the next read.
        int lastNewline = -1;
        for (int i = fresh.length - 1; i >= 0; i--) {
            if (fresh[i] == '\n') {
                lastNewline = i;
                break;
            }
        }
        if (lastNewline < 0) {
            return;
        }
        String text = new String(fresh, 0, lastNewline + 1, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                decode(line)
                        .ifPresentOrElse(
                                d -> entries.put(d.alertId(), d),
                                () -> log.warn("alert ledger {}: skipping an unreadable line", file));
                linesInFile++;
            }
        }
        readOffset += lastNewline + 1;
    }

    /**
     * A crash mid-append leaves a torn last line: close it, so the next append starts on its own line (the torn one is
     * skipped).
     */
    private void closeTornTail() throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, size - 1);
            if (last.get(0) != '\n') {
                log.warn("alert ledger {}: the last line was torn (crash mid-write); it is skipped", file);
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
                ch.force(true);
            }
        }
    }

    private void compact(Instant now) throws IOException {
        Instant cutoff = now.minus(retention);
        List<Delivery> keep = new ArrayList<>(entries.values());
        keep.removeIf(d -> d.deliveredAt().isBefore(cutoff));
        keep.sort(Comparator.comparing(Delivery::deliveredAt));
        if (keep.size() > maxEntries) {
            keep = new ArrayList<>(keep.subList(keep.size() - maxEntries, keep.size()));
        }
        if (keep.size() == entries.size() && linesInFile == entries.size()) {
            return; // nothing to drop, no duplicate lines
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            StringBuilder all = new StringBuilder();
            keep.forEach(d -> all.append(encode(d)));
            ByteBuffer buf = ByteBuffer.wrap(all.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(file.getParent());
        entries.clear();
        keep.forEach(d -> entries.put(d.alertId(), d));
        linesInFile = keep.size();
        readOffset = Files.size(file);
    }

    private static String encode(Delivery d) {
        return URLEncoder.encode(d.alertId(), StandardCharsets.UTF_8)
                + '\t'
                + URLEncoder.encode(d.messageId(), StandardCharsets.UTF_8)
                + '\t'
                + d.deliveredAt()
                + '\n';
    }

    private static Optional<Delivery> decode(String line) {
        String[] parts = line.split("\t", -1);
        if (parts.length != 3 || parts[0].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Delivery(
                    URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(parts[1], StandardCharsets.UTF_8),
                    Instant.parse(parts[2].strip())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void fsyncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can fsync a directory; the file itself is fsync'd
        }
    }
}
