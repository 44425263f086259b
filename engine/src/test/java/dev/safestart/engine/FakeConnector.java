package dev.safestart.engine;

import java.util.ArrayList;
import java.util.List;

/** Hands out fake connections while the "gateway" is up; refuses while it is down. */
final class FakeConnector implements BrokerConnector {
    final List<FakeBrokerConnection> opened = new ArrayList<>();
    volatile boolean gatewayUp = true;
    /** The accounts every new connection reports. */
    volatile List<String> accounts = List.of("DU1234567");

    @Override
    public synchronized BrokerConnection connect(EngineSettings settings) throws EngineException {
        if (!gatewayUp) {
            throw new EngineException("PORT_CLOSED: connection refused");
        }
        FakeBrokerConnection connection = new FakeBrokerConnection();
        connection.accounts = accounts;
        opened.add(connection);
        return connection;
    }

    synchronized FakeBrokerConnection last() {
        return opened.get(opened.size() - 1);
    }
}
