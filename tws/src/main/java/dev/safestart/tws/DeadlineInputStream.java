package dev.safestart.tws;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * Bounds every read by one overall deadline: before each read the socket's SO_TIMEOUT is set to the time
 * that remains, so a peer that trickles one byte at a time still cannot stretch the wait past the deadline.
 * With no deadline set, reads block without a timeout (the session's reader thread).
 */
final class DeadlineInputStream extends FilterInputStream {
    /** Sets the underlying read timeout in milliseconds (0 = none); a no-op for in-memory streams. */
    @FunctionalInterface
    interface ReadTimeout {
        void set(int millis) throws SocketException;
    }

    private static final long NONE = Long.MAX_VALUE;

    private final ReadTimeout readTimeout;
    private volatile long deadlineNanos = NONE;
    private int appliedMillis = -1;

    DeadlineInputStream(InputStream in, ReadTimeout readTimeout) {
        super(in);
        this.readTimeout = readTimeout;
    }

    /** Every later read must finish by this {@link System#nanoTime()} value. */
    void setDeadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    void clearDeadline() {
        this.deadlineNanos = NONE;
    }

    @Override
    public int read() throws IOException {
        arm();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        return super.read(b, off, len);
    }

    private void arm() throws IOException {
        long deadline = deadlineNanos;
        int millis;
        if (deadline == NONE) {
            millis = 0;
        } else {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (remaining + 999_999) / 1_000_000));
        }
        if (millis != appliedMillis) {
            readTimeout.set(millis);
            appliedMillis = millis;
        }
    }
}
