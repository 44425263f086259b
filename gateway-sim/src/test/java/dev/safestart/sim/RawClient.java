package dev.safestart.sim;

import dev.safestart.tws.Frames;
import dev.safestart.tws.Message;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A hand-driven TWS API client for observing the simulator byte by byte in tests. */
final class RawClient implements AutoCloseable {
    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(3000);
        return new RawClient(socket);
    }

    /** Sends API\0 and the framed version range text. */
    RawClient hello(String range) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(Frames.API_PREFIX);
        bytes.writeBytes(Frames.frame(range.getBytes(StandardCharsets.US_ASCII)));
        out.write(bytes.toByteArray());
        out.flush();
        return this;
    }

    RawClient send(Object... fields) throws IOException {
        out.write(Frames.encodeFields(fields));
        out.flush();
        return this;
    }

    RawClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    RawClient startApi(int clientId) throws IOException {
        return send(71, 2, clientId, "");
    }

    List<String> read() throws IOException {
        return Message.parse(Frames.readPayload(in)).fields();
    }

    /** Reads frames until one starts with the given message id (skipping farm notices and the like). */
    List<String> readUntil(String msgId) throws IOException {
        for (int i = 0; i < 50; i++) {
            List<String> fields = read();
            if (fields.get(0).equals(msgId)) {
                return fields;
            }
        }
        throw new AssertionError("no message " + msgId + " within 50 frames");
    }

    /** True when the peer closes (EOF or reset) within the window; false when bytes come or it stays open. */
    boolean closedWithin(Duration window) throws IOException {
        socket.setSoTimeout((int) window.toMillis());
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    /** True when nothing arrives and the socket stays open for the whole window. */
    boolean silentFor(Duration window) throws IOException {
        socket.setSoTimeout((int) window.toMillis());
        try {
            in.read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    DataInputStream input() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
