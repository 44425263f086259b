package dev.safestart.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The risk officer's invariant, structurally: enumerate every way an order can leave the engine.
 * (1) The only public methods taking an {@link OrderRequest} are the two {@code submitOrder}s;
 * (2) the only compiled class that invokes {@code OrderSender.send} is {@link OrderGate};
 * (3) {@code OrderSender} is not public, so no other module can even name it;
 * (4) the only field holding an OrderSender is the gate's.
 */
class OrderPathArchitectureTest {
    static final String SEND_DESCRIPTOR = "(Ldev/safestart/engine/OrderRequest;J)Ldev/safestart/engine/OrderResult;";

    @Test
    void theOnlyPublicOrderEntryPointsAreSubmitOrder() throws Exception {
        Set<String> entryPoints = new TreeSet<>();
        for (Class<?> type : engineClasses()) {
            if (!Modifier.isPublic(type.getModifiers())) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                if (Modifier.isPublic(method.getModifiers())
                        && List.of(method.getParameterTypes()).contains(OrderRequest.class)) {
                    entryPoints.add(type.getSimpleName() + "." + method.getName());
                }
            }
        }
        assertThat(entryPoints)
                .containsExactlyInAnyOrder("TradingEngine.submitOrder", "DefaultTradingEngine.submitOrder");
    }

    @Test
    void onlyTheOrderGateCallsTheSender() throws Exception {
        Set<String> callers = new TreeSet<>();
        for (Path classFile : classFiles()) {
            String bytes = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
            if (bytes.contains(SEND_DESCRIPTOR)) {
                callers.add(classFile.getFileName().toString());
            }
        }
        // OrderSender declares send (and its two lambdas implement it); OrderGate is the one caller.
        assertThat(callers).containsExactlyInAnyOrder("OrderSender.class", "OrderGate.class");
    }

    @Test
    void theSenderIsUnreachableOutsideTheGate() throws Exception {
        assertThat(Modifier.isPublic(OrderSender.class.getModifiers())).isFalse();
        List<String> holders = new ArrayList<>();
        for (Class<?> type : engineClasses()) {
            for (var field : type.getDeclaredFields()) {
                if (field.getType() == OrderSender.class) {
                    holders.add(type.getSimpleName() + "." + field.getName());
                }
            }
        }
        assertThat(holders).containsExactly("OrderGate.sender");
        assertThat(Modifier.isPublic(OrderGate.class
                        .getDeclaredMethod("submit", OrderRequest.class)
                        .getModifiers()))
                .isFalse();
    }

    private static List<Path> classFiles() throws IOException, URISyntaxException {
        Path root = Path.of(OrderGate.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve("dev/safestart/engine");
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(p -> p.toString().endsWith(".class")).toList();
        }
    }

    private static List<Class<?>> engineClasses() throws Exception {
        List<Class<?>> classes = new ArrayList<>();
        for (Path file : classFiles()) {
            String name = file.getFileName().toString().replace(".class", "");
            classes.add(Class.forName("dev.safestart.engine." + name));
        }
        assertThat(classes).hasSizeGreaterThan(10);
        return classes;
    }
}
