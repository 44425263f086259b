package dev.safestart.tws;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * TWS API framing: a 4-byte big-endian length, then the payload. Below server version 201 the payload is
 * NUL-terminated ASCII fields. Shared by the client ({@code tws}) and the simulator ({@code gateway-sim}).
 */
public final class Frames {
    /** The largest payload either side accepts; anything larger is a protocol error, never an allocation. */
    public static final int MAX_FRAME = 0xFFFFFF;
    /** The raw prefix a client sends before its first framed message. */
    public static final byte[] API_PREFIX = {'A', 'P', 'I', 0};
    /** First allocation for a frame's payload; larger frames grow as their bytes arrive. */
    private static final int INITIAL_BUFFER = 8 * 1024;

    private Frames() {}

    /** Encodes fields as one framed message: each field followed by NUL. */
    public static byte[] encodeFields(Object... fields) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (Object field : fields) {
            byte[] bytes = String.valueOf(field == null ? "" : field).getBytes(StandardCharsets.US_ASCII);
            payload.writeBytes(bytes);
            payload.write(0);
        }
        return frame(payload.toByteArray());
    }

    /** Frames a raw payload (used for the client's {@code v<min>..<max>} text, which has no trailing NUL). */
    public static byte[] frame(byte[] payload) {
        if (payload.length > MAX_FRAME) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds " + MAX_FRAME);
        }
        byte[] out = new byte[4 + payload.length];
        out[0] = (byte) (payload.length >>> 24);
        out[1] = (byte) (payload.length >>> 16);
        out[2] = (byte) (payload.length >>> 8);
        out[3] = (byte) payload.length;
        System.arraycopy(payload, 0, out, 4, payload.length);
        return out;
    }

    public static void writeFields(OutputStream out, Object... fields) throws IOException {
        out.write(encodeFields(fields));
        out.flush();
    }

    /**
     * Reads one frame's payload. Blocks on the stream (bound the wait with a socket timeout).
     *
     * @throws EOFException when the peer closed cleanly before a new frame began
     * @throws TwsProtocolException for a negative or oversized length or a frame truncated by the peer
     */
    public static byte[] readPayload(InputStream in) throws IOException {
        DataInputStream data = in instanceof DataInputStream d ? d : new DataInputStream(in);
        int first = data.read();
        if (first < 0) {
            throw new EOFException("peer closed the connection");
        }
        int b1 = data.read(), b2 = data.read(), b3 = data.read();
        if ((b1 | b2 | b3) < 0) {
            throw new TwsProtocolException("truncated frame header");
        }
        int length = (first << 24) | (b1 << 16) | (b2 << 8) | b3;
        if (length < 0 || length > MAX_FRAME) {
            throw new TwsProtocolException(
                    "frame length " + Integer.toUnsignedString(length) + " outside 0.." + MAX_FRAME);
        }
        // Grow the buffer as bytes actually arrive: a peer announcing 16 MiB and sending ten bytes costs
        // ten bytes of memory, not 16 MiB.
        byte[] payload = new byte[Math.min(length, INITIAL_BUFFER)];
        int filled = 0;
        while (filled < length) {
            if (filled == payload.length) {
                payload = Arrays.copyOf(payload, (int) Math.min(length, (long) payload.length * 2));
            }
            int n = data.read(payload, filled, payload.length - filled);
            if (n < 0) {
                throw new TwsProtocolException("truncated frame: expected " + length + " bytes, got " + filled);
            }
            filled += n;
        }
        return payload;
    }

    /** Splits a classic (text) payload into its NUL-terminated fields. A missing final NUL is tolerated. */
    public static List<String> splitFields(byte[] payload) {
        List<String> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == 0) {
                fields.add(new String(payload, start, i - start, StandardCharsets.ISO_8859_1));
                start = i + 1;
            }
        }
        if (start < payload.length) {
            fields.add(new String(payload, start, payload.length - start, StandardCharsets.ISO_8859_1));
        }
        return fields;
    }
}
