package dev.safestart.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Debian's nginx as a TLS-terminating gRPC proxy in front of the dev server, a child process with its own
 * prefix and config in a temp dir, on ephemeral loopback ports. Three listeners: TLS only, TLS with a
 * required client certificate (mTLS), TLS with an API key checked as {@code authorization: Bearer …}.
 * Certificates are made with openssl: a CA, a server certificate for {@link #SERVER_NAME}, a client
 * certificate, and a second CA the server does not use.
 */
final class TlsProxy implements AutoCloseable {
    static final String SERVER_NAME = "temporal.safestart.test";

    final Path dir;
    final Path ca;
    final Path otherCa;
    final Path clientCert;
    final Path clientKey;
    final int tlsPort;
    final int mtlsPort;
    final int apiKeyPort;
    final String apiKey;
    private final ManagedProcess nginx;

    private TlsProxy(Path dir, String upstream, String apiKey) {
        this.dir = dir;
        this.apiKey = apiKey;
        ca = dir.resolve("ca.pem");
        otherCa = dir.resolve("other-ca.pem");
        clientCert = dir.resolve("client.pem");
        clientKey = dir.resolve("client.key");
        makeCertificates();
        tlsPort = FreePort.next();
        mtlsPort = FreePort.next();
        apiKeyPort = FreePort.next();
        Path conf = dir.resolve("nginx.conf");
        write(conf, config(upstream));
        nginx = ManagedProcess.start(
                "nginx",
                List.of(
                        nginxBinary().toString(),
                        "-p",
                        dir.toString(),
                        "-c",
                        conf.toString(),
                        "-e",
                        dir.resolve("error.log").toString(),
                        "-g",
                        "daemon off;"),
                Map.of(),
                dir);
        awaitListening();
    }

    /** Starts nginx proxying to the dev server at {@code upstream} (host:port). */
    static TlsProxy start(Path dir, String upstream, String apiKey) {
        return new TlsProxy(dir, upstream, apiKey);
    }

    static java.util.Optional<Path> nginx() {
        for (String p : List.of("/usr/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(p))) {
                return java.util.Optional.of(Path.of(p));
            }
        }
        return Tools.onPath("nginx");
    }

    private static Path nginxBinary() {
        return Tools.require(nginx(), "nginx", "bin/setup.d/23-nginx.sh");
    }

    String address(int port) {
        return "127.0.0.1:" + port;
    }

    String log() {
        try {
            return Files.readString(dir.resolve("error.log")) + nginx.log();
        } catch (IOException e) {
            return nginx.log();
        }
    }

    private String config(String upstream) {
        String tls = "    ssl_certificate " + dir.resolve("server.pem") + ";\n"
                + "    ssl_certificate_key " + dir.resolve("server.key") + ";\n"
                + "    grpc_read_timeout 300s;\n    grpc_send_timeout 300s;\n";
        // One process, no master: killing it (even with SIGKILL) leaves nothing listening behind.
        return "master_process off;\n"
                + "pid " + dir.resolve("nginx.pid") + ";\n"
                + "events { worker_connections 64; }\n"
                + "http {\n"
                + "  access_log off;\n"
                + "  client_body_temp_path " + dir.resolve("tmp-body") + ";\n"
                + "  proxy_temp_path " + dir.resolve("tmp-proxy") + ";\n"
                + "  fastcgi_temp_path " + dir.resolve("tmp-fcgi") + ";\n"
                + "  uwsgi_temp_path " + dir.resolve("tmp-uwsgi") + ";\n"
                + "  scgi_temp_path " + dir.resolve("tmp-scgi") + ";\n"
                + "  server {\n    listen 127.0.0.1:" + tlsPort + " ssl http2;\n" + tls
                + "    location / { grpc_pass grpc://" + upstream + "; }\n  }\n"
                + "  server {\n    listen 127.0.0.1:" + mtlsPort + " ssl http2;\n" + tls
                + "    ssl_client_certificate " + ca + ";\n    ssl_verify_client on;\n"
                + "    location / { grpc_pass grpc://" + upstream + "; }\n  }\n"
                + "  server {\n    listen 127.0.0.1:" + apiKeyPort + " ssl http2;\n" + tls
                + "    location / {\n"
                + "      if ($http_authorization != \"Bearer " + apiKey + "\") { return 401; }\n"
                + "      grpc_pass grpc://" + upstream + ";\n    }\n  }\n"
                + "}\n";
    }

    private void makeCertificates() {
        selfSignedCa("/CN=safestart test CA", "ca");
        selfSignedCa("/CN=some other CA", "other-ca");
        signedByCa(
                "/CN=" + SERVER_NAME,
                "server",
                "server.key",
                "subjectAltName=DNS:" + SERVER_NAME + "\nextendedKeyUsage=serverAuth\n");
        signedByCa("/CN=safestart-worker", "client", "client-rsa.key", "extendedKeyUsage=clientAuth\n");
        // Netty reads PKCS#8 keys.
        openssl("pkcs8", "-topk8", "-nocrypt", "-in", "client-rsa.key", "-out", "client.key");
    }

    /** {@code <name>.key} and the self-signed {@code <name>.pem}. */
    private void selfSignedCa(String subject, String name) {
        openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                subject,
                "-keyout",
                name + ".key",
                "-out",
                name + ".pem");
    }

    /** {@code keyFile} and {@code <name>.pem}, signed by ca.pem with the extensions {@code ext}. */
    private void signedByCa(String subject, String name, String keyFile, String ext) {
        write(dir.resolve(name + ".ext"), ext);
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", keyFile, "-out", name + ".csr");
        openssl(
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                name + ".ext",
                "-out",
                name + ".pem");
    }

    private void openssl(String... args) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("openssl failed: " + cmd + "\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void awaitListening() {
        for (int port : new int[] {tlsPort, mtlsPort, apiKeyPort}) {
            try {
                await("nginx listening on " + port)
                        .atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> {
                            if (!nginx.isAlive()) {
                                throw new AssertionError("nginx exited\n" + log());
                            }
                            try (Socket s = new Socket()) {
                                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                                return true;
                            } catch (IOException notYet) {
                                return false;
                            }
                        });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("nginx is not listening on " + port + "\n" + log(), e);
            }
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        nginx.stop(Duration.ofSeconds(10));
    }
}
