package dev.safestart.tws;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny TWS "server" for tests: accepts connections on 127.0.0.1 (ephemeral port) and plays a script per
 * connection. Scripts read the client's bytes and write replies, byte by byte when they want to.
 */
final class ScriptedServer implements AutoCloseable {
    @FunctionalInterface
    interface Script {
        void play(Conn conn) throws Exception;
    }

    /** One accepted connection with helpers that speak the server side. */
    static final class Conn {
        final Socket socket;
        final DataInputStream in;
        final OutputStream out;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** Reads {@code API\0} and the framed version range; returns the range text, e.g. {@code v100..200}. */
        String readGreeting() throws IOException {
            byte[] prefix = new byte[4];
            in.readFully(prefix);
            if (prefix[0] != 'A' || prefix[1] != 'P' || prefix[2] != 'I' || prefix[3] != 0) {
                throw new IOException("bad prefix");
            }
            return new String(Frames.readPayload(in), StandardCharsets.US_ASCII);
        }

        List<String> readMessage() throws IOException {
            return Frames.splitFields(Frames.readPayload(in));
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        void sendFields(Object... fields) throws IOException {
            send(Frames.encodeFields(fields));
        }

        /** The server's hello: {@code <version>\0<connectionTime>\0}, framed. */
        void hello(int version) throws IOException {
            sendFields(version, "20250425 15:23:54 EST");
        }

        /** Greeting, hello, startApi: everything up to where the gateway would send accounts and ids. */
        List<String> negotiate(int version) throws IOException {
            readGreeting();
            hello(version);
            return readMessage();
        }

        void ready(String accounts, long orderId) throws IOException {
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.writeBytes(Frames.encodeFields(MessageIds.MANAGED_ACCOUNTS, 1, accounts));
            both.writeBytes(Frames.encodeFields(MessageIds.NEXT_VALID_ID, 1, orderId));
            send(both.toByteArray());
        }

        /** Waits until the client closes (or the socket fails). */
        void drain() {
            try {
                while (in.read() >= 0) {
                    // discard
                }
            } catch (IOException ignored) {
                // closed
            }
        }
    }

    private final ServerSocket server;
    private final Thread acceptor;
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    final List<Socket> sockets = new CopyOnWriteArrayList<>();

    ScriptedServer(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket socket = server.accept();
                            sockets.add(socket);
                            Thread t = new Thread(
                                    () -> {
                                        try (socket) {
                                            script.play(new Conn(socket));
                                        } catch (IOException ignored) {
                                            // the client went away: normal in these tests
                                        } catch (Throwable e) {
                                            failures.add(e);
                                        }
                                    },
                                    "scripted-conn");
                            t.setDaemon(true);
                            t.start();
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "scripted-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    ProbeRequest request(int clientId) {
        return ProbeRequest.of("127.0.0.1", port(), clientId);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
