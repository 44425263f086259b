package dev.safestart.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Who may use the simulator's control API. It listens on loopback unless told otherwise
 * ({@code SIM_CONTROL_BIND}); on any other address it needs a bearer token ({@code SIM_CONTROL_TOKEN_FILE},
 * or {@code SIM_CONTROL_TOKEN}), because anyone who reaches it can drop the gateway under a bot.
 * The token never appears in {@link #toString()}.
 *
 * @param bindAddress address the control API listens on
 * @param token       bearer token every request must carry; null: none (loopback only)
 */
public record ControlAccess(String bindAddress, String token) {
    public static final String LOOPBACK = "127.0.0.1";

    public ControlAccess {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("control API bind address must not be blank");
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (token == null && !isLoopback(bindAddress)) {
            throw new IllegalArgumentException("the control API on " + bindAddress + " (not loopback) needs a token:"
                    + " set SIM_CONTROL_TOKEN_FILE (a file holding the token), or bind it to " + LOOPBACK);
        }
    }

    /** Loopback, no token: what the simulator does unless configured otherwise. */
    public static ControlAccess loopback() {
        return new ControlAccess(LOOPBACK, null);
    }

    /** SIM_CONTROL_BIND (default 127.0.0.1), SIM_CONTROL_TOKEN_FILE or SIM_CONTROL_TOKEN. */
    public static ControlAccess fromEnvironment(Map<String, String> env) {
        String bind = env.getOrDefault("SIM_CONTROL_BIND", "");
        String token = env.get("SIM_CONTROL_TOKEN");
        String file = env.get("SIM_CONTROL_TOKEN_FILE");
        if (file != null && !file.isBlank()) {
            try {
                token = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("SIM_CONTROL_TOKEN_FILE " + file + " is not readable ("
                        + e.getClass().getSimpleName() + ")");
            }
            if (token.isEmpty()) {
                throw new IllegalArgumentException("SIM_CONTROL_TOKEN_FILE " + file + " is empty");
            }
        }
        return new ControlAccess(bind.isBlank() ? LOOPBACK : bind.trim(), token);
    }

    /** True when {@code authorization} (an HTTP Authorization header, may be null) carries the token. */
    boolean authorized(String authorization) {
        if (token == null) {
            return true;
        }
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "ControlAccess[bindAddress=" + bindAddress + ", token=" + (token == null ? "none" : "***") + "]";
    }
}
