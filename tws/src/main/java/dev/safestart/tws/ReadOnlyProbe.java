package dev.safestart.tws;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds out whether the gateway's API is read-only without changing anything: a cancelOrder for an order id
 * Safestart never allocates. A writable API answers "order to cancel not found" (10147); a read-only one refuses
 * the request itself (321). Either way no order exists or changes. The TWS API has no request that reports the
 * setting directly, and nothing is sent before startApi's READY, so right after READY is as early as it gets.
 */
public final class ReadOnlyProbe {
    /**
     * The cancelOrder id the probe uses: the top of the id range, never handed out by
     * {@link TwsSession#allocateOrderId()}.
     */
    public static final long PROBE_ORDER_ID = Integer.MAX_VALUE - 1;

    public static final int READ_ONLY_CODE = 321;
    public static final int NOT_FOUND_CODE = 10147;

    public enum Result {
        READ_ONLY,
        WRITABLE,
        UNKNOWN
    }

    private ReadOnlyProbe() {}

    public static Result detect(TwsSession session, Duration timeout) throws IOException {
        CompletableFuture<Integer> code = new CompletableFuture<>();
        SessionListener listener = new SessionListener() {
            @Override
            public void onError(TwsError error) {
                if (error.requestId() == PROBE_ORDER_ID) {
                    code.complete(error.code());
                }
            }

            @Override
            public void onConnectionEvent(ConnectionEvent event) {
                if (event.type() == ConnectionEvent.Type.SOCKET_CLOSED) {
                    code.completeExceptionally(new IOException("session closed: " + event.message()));
                }
            }
        };
        session.addListener(listener);
        try {
            session.cancelOrder(PROBE_ORDER_ID);
            int answer = code.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return answer == READ_ONLY_CODE ? Result.READ_ONLY : Result.WRITABLE;
        } catch (TimeoutException e) {
            return Result.UNKNOWN;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.UNKNOWN;
        } finally {
            session.removeListener(listener);
        }
    }
}
