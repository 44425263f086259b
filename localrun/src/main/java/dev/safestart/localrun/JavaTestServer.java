package dev.safestart.localrun;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Temporal's Java test server bound to a loopback port, in this process, with real (not skipped) time. It keeps
 * history in memory only and has no Web UI nor advanced visibility; the CLI falls back accordingly.
 */
final class JavaTestServer implements EmbeddedTemporal {
    private final TestServer.PortBoundTestServer server;
    private final String address;

    private JavaTestServer(TestServer.PortBoundTestServer server, String address) {
        this.server = server;
        this.address = address;
    }

    static JavaTestServer start() throws IOException {
        int port = EmbeddedTemporal.freePort();
        // lockTimeSkipping=true: timers run in real time, as they must against a real simulator.
        TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
        String address = "127.0.0.1:" + port;
        OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
                OperatorServiceStubsOptions.newBuilder().setTarget(address).validateAndBuildWithDefaults());
        try {
            AddSearchAttributesRequest.Builder req =
                    AddSearchAttributesRequest.newBuilder().setNamespace("default");
            for (String sa : SEARCH_ATTRIBUTES) {
                req.putSearchAttributes(sa, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
            }
            operator.blockingStub().addSearchAttributes(req.build());
        } finally {
            operator.shutdownNow();
        }
        return new JavaTestServer(server, address);
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public String namespace() {
        return "default";
    }

    @Override
    public String kind() {
        return "Java test server";
    }

    @Override
    public Optional<String> uiAddress() {
        return Optional.empty();
    }

    @Override
    public Optional<Path> databaseFile() {
        return Optional.empty();
    }

    @Override
    public boolean isRealServer() {
        return false;
    }

    @Override
    public void close() {
        server.close();
    }
}
