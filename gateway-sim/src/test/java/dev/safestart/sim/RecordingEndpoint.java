package dev.safestart.sim;

import dev.safestart.tws.Frames;
import dev.safestart.tws.MessageIds;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in gateway that answers one client's handshake at a fixed server version, sends nextValidId and
 * managedAccounts, answers reqCurrentTime, and records every other frame the client sends, byte for byte.
 */
final class RecordingEndpoint implements AutoCloseable {
    private final ServerSocket server;
    private final int serverVersion;
    private final List<byte[]> recorded = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile Socket client;

    RecordingEndpoint(int serverVersion) throws IOException {
        this.serverVersion = serverVersion;
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "recording-endpoint");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The payloads received after startApi, reqCurrentTime excluded, in order. */
    List<byte[]> recorded() {
        return List.copyOf(recorded);
    }

    private void serve() {
        try (Socket socket = server.accept()) {
            client = socket;
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            in.readNBytes(4); // API\0
            Frames.readPayload(in); // v<min>..<max>
            out.write(Frames.encodeFields(serverVersion, "20260202 09:30:00 UTC"));
            while (true) {
                byte[] payload = Frames.readPayload(in);
                String id = Frames.splitFields(payload).get(0);
                if (id.equals(Integer.toString(MessageIds.START_API))) {
                    out.write(Frames.encodeFields(MessageIds.MANAGED_ACCOUNTS, 1, "DU1234567"));
                    out.write(Frames.encodeFields(MessageIds.NEXT_VALID_ID, 1, 1));
                } else if (id.equals(Integer.toString(MessageIds.REQ_CURRENT_TIME))) {
                    out.write(Frames.encodeFields(
                            MessageIds.CURRENT_TIME, 1, Instant.now().getEpochSecond()));
                } else {
                    recorded.add(payload);
                }
                out.flush();
            }
        } catch (IOException e) {
            // client gone or endpoint closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket s = client;
        if (s != null) {
            s.close();
        }
    }
}
