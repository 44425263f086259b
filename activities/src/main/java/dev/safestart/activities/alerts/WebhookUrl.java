package dev.safestart.activities.alerts;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The Discord webhook URL: a secret. Parsed and checked once, at start; afterwards only this object travels,
 * and its {@link #toString()} shows {@code https://discord.com/api/webhooks/<id>/****}. Nothing here returns
 * the token as a String: the full URL only leaves as an {@link HttpUrl} for the HTTP call (package-private).
 *
 * <p>Accepted:
 * {@code https://(discord.com|discordapp.com|ptb.discord.com|canary.discord.com)/api[/v<n>]/webhooks/<id>/<token>}
 * (a numeric id) on the default port, with no user info, no fragment and no query except
 * {@code thread_id=<numeric>} (post into a thread); plain http (or https) only on a loopback address (127.0.0.0/8,
 * localhost, [::1]) for local testing, with the same path shape. Error messages never repeat the value: at most the
 * host, which is not secret.
 */
public final class WebhookUrl {
    /** The environment variable the worker reads it from. */
    public static final String ENV = "DISCORD_WEBHOOK_URL";

    private static final List<String> DISCORD_HOSTS =
            List.of("discord.com", "discordapp.com", "ptb.discord.com", "canary.discord.com");
    private static final Pattern PATH =
            Pattern.compile("^/api(?:/v\\d{1,2})?/webhooks/(\\d{1,25})/([A-Za-z0-9._-]{8,200})/?$");
    private static final Pattern NUMERIC = Pattern.compile("\\d{1,25}");
    private static final String SHAPE = "expected https://discord.com/api/webhooks/<numeric id>/<token>"
            + " (discordapp.com, ptb.discord.com and canary.discord.com also accepted;"
            + " plain http only on a loopback address)";

    private final HttpUrl url;
    private final String webhookId;
    private final String token;
    private final boolean insecureLoopback;

    private WebhookUrl(HttpUrl url, String webhookId, String token, boolean insecureLoopback) {
        this.url = url;
        this.webhookId = webhookId;
        this.token = token;
        this.insecureLoopback = insecureLoopback;
    }

    /** Unset or blank → empty (alerts go to the log only); set → checked, or {@link InvalidWebhookUrlException}. */
    public static Optional<WebhookUrl> parseOptional(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(parse(raw));
    }

    /**
     * Checks {@code raw} and returns the webhook, or throws {@link InvalidWebhookUrlException} naming what is wrong
     * (never the value).
     */
    public static WebhookUrl parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw invalid("is empty");
        }
        String trimmed = raw.strip();
        if (trimmed.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw invalid("contains spaces or control characters");
        }
        HttpUrl url = HttpUrl.parse(trimmed);
        if (url == null) {
            throw invalid("is not an http(s) URL");
        }
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            throw invalid("must not carry user info (user:password@)");
        }
        if (url.fragment() != null) {
            throw invalid("must not carry a #fragment");
        }
        String host = url.host().toLowerCase(Locale.ROOT);
        boolean loopback = isLoopback(host);
        boolean discord = DISCORD_HOSTS.contains(host);
        if (!discord && !loopback) {
            throw invalid("host '" + host + "' is not a Discord host");
        }
        boolean https = url.isHttps();
        if (discord && !https) {
            throw invalid("must use https (plain http is accepted only on a loopback address)");
        }
        if (discord && url.port() != 443) {
            throw invalid("must use the default https port for host '" + host + "'");
        }
        Matcher m = PATH.matcher(url.encodedPath());
        if (!m.matches()) {
            throw invalid("path is not /api/webhooks/<numeric id>/<token>");
        }
        for (String name : url.queryParameterNames()) {
            String value = url.queryParameter(name);
            if (!name.equals("thread_id")
                    || value == null
                    || !NUMERIC.matcher(value).matches()) {
                throw invalid("query may only hold thread_id=<numeric id> (found parameter '" + safeName(name) + "')");
            }
        }
        return new WebhookUrl(url, m.group(1), m.group(2), loopback && !https);
    }

    /** True for plain http on loopback: fine for local tests, never for a real bot (the worker warns). */
    public boolean insecureLoopback() {
        return insecureLoopback;
    }

    /** The numeric webhook id (not secret: it names the webhook, it does not authorise posting). */
    public String webhookId() {
        return webhookId;
    }

    /** The URL to POST to, with {@code wait=true} so Discord answers with the created message (its id). */
    HttpUrl postUrl() {
        return url.newBuilder().setQueryParameter("wait", "true").build();
    }

    /**
     * Replaces every occurrence of the token (and so of the full URL) in {@code text}: for anything that may reach a
     * log or history.
     */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        return text.replace(token, "****");
    }

    /** Whether {@code text} contains the token: for tests and paranoid checks. */
    public boolean leaksInto(String text) {
        return text != null && text.contains(token);
    }

    @Override
    public String toString() {
        String base = url.scheme() + "://" + hostForDisplay() + "/api/webhooks/" + webhookId + "/****";
        String thread = url.queryParameter("thread_id");
        return thread == null ? base : base + "?thread_id=" + thread;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookUrl other && other.url.equals(url);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url);
    }

    private String hostForDisplay() {
        String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
        return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ":" + url.port();
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        // Only literal addresses: never resolve a name here (no DNS at parse time, no rebinding games).
        if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":")) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (Exception e) {
                return false;
            }
        }
        return false;
    }

    private static String safeName(String name) {
        return name.length() > 20 ? name.substring(0, 20) + "…" : name;
    }

    private static InvalidWebhookUrlException invalid(String what) {
        return new InvalidWebhookUrlException(ENV + " (value not shown: it is a secret) " + what + "; " + SHAPE);
    }

    /** A refused webhook URL. The message names the problem and the accepted shape, never the value. */
    public static final class InvalidWebhookUrlException extends IllegalArgumentException {
        InvalidWebhookUrlException(String message) {
            super(message);
        }
    }
}
