package dev.safestart.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Paper orders keep the one order path: in the compiled engine, only the gate's sender ({@code OrderSender}, whose
 * lambdas compile into it) hands an order to a connection, and only the TWS connection writes placeOrder, through
 * the session's non-blocking {@code placeOrderAsync}: so the gate's lock is never held across a socket write.
 */
class PaperOrderPathArchitectureTest {
    static final String SUBMIT = "submitOrder";
    static final String TWS_ORDER = "(Ldev/safestart/tws/OrderRequest;)";

    @Test
    void onlyTheSenderHandsOrdersToAConnectionAndOnlyTheTwsConnectionWritesThem() throws Exception {
        Set<String> submitters = new TreeSet<>();
        Set<String> placeOrderCallers = new TreeSet<>();
        Path root = Path.of(OrderGate.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve("dev/safestart/engine");
        try (Stream<Path> files = Files.list(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (bytes.contains(SUBMIT) && bytes.contains(TWS_ORDER + "V")) {
                    submitters.add(file.getFileName().toString());
                }
                if (bytes.contains("placeOrder")) {
                    placeOrderCallers.add(file.getFileName().toString());
                }
            }
        }
        // declared by the interface, implemented by the TWS connection, called by the sender only
        assertThat(submitters)
                .containsExactlyInAnyOrder("BrokerConnection.class", "TwsBrokerConnection.class", "OrderSender.class");
        assertThat(placeOrderCallers).containsExactly("TwsBrokerConnection.class");
        String connection =
                new String(Files.readAllBytes(root.resolve("TwsBrokerConnection.class")), StandardCharsets.ISO_8859_1);
        assertThat(connection).contains("placeOrderAsync");
        assertThat(connection.replace("placeOrderAsync", "")).doesNotContain("placeOrder");
    }
}
