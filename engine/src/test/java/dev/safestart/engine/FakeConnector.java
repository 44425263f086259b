package dev.safestart.engine;

import java.util.ArrayList;
import java.util.List;

/** Hands out fake connections while the "gateway" is up; refuses while it is down. */
final class FakeConnector implements BrokerConnector {
    final List<FakeBrokerConnection> opened = new ArrayList<>();
    volatile boolean gatewayUp = true;

    @Override
    public synchronized BrokerConnection connect(EngineSettings settings) throws EngineException {
        if (!gatewayUp) {
            throw new EngineException("PORT_CLOSED: connection refused");
        }
        FakeBrokerConnection connection = new FakeBrokerConnection();
        opened.add(connection);
        return connection;
    }

    synchronized FakeBrokerConnection last() {
        return opened.get(opened.size() - 1);
    }
}
