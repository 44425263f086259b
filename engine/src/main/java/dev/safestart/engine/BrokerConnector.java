package dev.safestart.engine;

/** Opens a READY {@link BrokerConnection} with the settings' trading client id. */
@FunctionalInterface
public interface BrokerConnector {
    BrokerConnection connect(EngineSettings settings) throws EngineException;
}
