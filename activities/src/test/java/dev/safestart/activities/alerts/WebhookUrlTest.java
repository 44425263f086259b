package dev.safestart.activities.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safestart.activities.alerts.WebhookUrl.InvalidWebhookUrlException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookUrlTest {
    static final String TOKEN = "Xy7_secret-TOKEN.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://discord.com/api/webhooks/123456789012345678/" + TOKEN,
                "https://discordapp.com/api/webhooks/123456789012345678/" + TOKEN,
                "https://ptb.discord.com/api/webhooks/123456789012345678/" + TOKEN,
                "https://canary.discord.com/api/webhooks/123456789012345678/" + TOKEN,
                "https://discord.com/api/v10/webhooks/123456789012345678/" + TOKEN,
                "https://DISCORD.com/api/webhooks/123456789012345678/" + TOKEN + "/",
                "  https://discord.com/api/webhooks/123456789012345678/" + TOKEN + "\n",
                "https://discord.com/api/webhooks/123456789012345678/" + TOKEN + "?thread_id=987654321",
            })
    void acceptsDiscordWebhooksAndRedactsTheToken(String raw) {
        WebhookUrl url = WebhookUrl.parse(raw);
        assertThat(url.insecureLoopback()).isFalse();
        assertThat(url.webhookId()).isEqualTo("123456789012345678");
        assertThat(url.toString())
                .startsWith("https://")
                .contains("/api/webhooks/123456789012345678/****")
                .doesNotContain(TOKEN)
                .doesNotContain("secret");
        assertThat(url.postUrl().queryParameter("wait")).isEqualTo("true");
        assertThat(url.postUrl().isHttps()).isTrue();
        assertThat(url.leaksInto(raw)).isTrue();
        assertThat(url.scrub("oops " + raw.strip())).doesNotContain(TOKEN);
    }

    @Test
    void threadIdSurvivesAndWaitIsAdded() {
        WebhookUrl url = WebhookUrl.parse("https://discord.com/api/webhooks/1/" + TOKEN + "?thread_id=42");
        assertThat(url.toString()).isEqualTo("https://discord.com/api/webhooks/1/****?thread_id=42");
        assertThat(url.postUrl().queryParameter("thread_id")).isEqualTo("42");
        assertThat(url.postUrl().queryParameter("wait")).isEqualTo("true");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:8080/api/webhooks/1/" + TOKEN,
                "http://127.5.6.7:8080/api/webhooks/1/" + TOKEN,
                "http://localhost:8080/api/webhooks/1/" + TOKEN,
                "http://[::1]:8080/api/webhooks/1/" + TOKEN,
            })
    void plainHttpOnlyOnLoopbackAndFlagged(String raw) {
        WebhookUrl url = WebhookUrl.parse(raw);
        assertThat(url.insecureLoopback()).isTrue();
        assertThat(url.toString())
                .startsWith("http://")
                .endsWith("/api/webhooks/1/****")
                .doesNotContain(TOKEN);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://discord.com/api/webhooks/1/" + TOKEN, // plain http to Discord
                "https://discord.com:8443/api/webhooks/1/" + TOKEN, // odd port
                "https://evil.example/api/webhooks/1/" + TOKEN, // another host
                "https://discord.com.evil.example/api/webhooks/1/" + TOKEN, // look-alike host
                "http://10.0.0.5/api/webhooks/1/" + TOKEN, // http off loopback
                "http://128.0.0.1/api/webhooks/1/" + TOKEN, // not 127/8
                "https://discord.com/api/webhooks/abc/" + TOKEN, // id not numeric
                "https://discord.com/api/webhooks/1/" + TOKEN + "/slack", // Slack-compatible endpoint
                "https://discord.com/api/channels/1/" + TOKEN, // not a webhook path
                "https://discord.com/api/webhooks/1/" + TOKEN + "?wait=false", // we decide wait
                "https://discord.com/api/webhooks/1/" + TOKEN + "?thread_id=x", // thread id not numeric
                "https://discord.com/api/webhooks/1/" + TOKEN + "#frag", // fragment
                "https://user:" + TOKEN + "@discord.com/api/webhooks/1/" + TOKEN, // user info
                "ftp://discord.com/api/webhooks/1/" + TOKEN, // scheme
                TOKEN, // a bare token pasted
                "https://discord.com/api/webhooks/1/" + TOKEN + " extra", // spaces
                "https://discord.com/api/webhooks/1/short", // token too short to be one
            })
    void refusesEverythingElseWithoutEchoingTheToken(String raw) {
        assertThatThrownBy(() -> WebhookUrl.parse(raw))
                .isInstanceOf(InvalidWebhookUrlException.class)
                .hasMessageStartingWith("DISCORD_WEBHOOK_URL")
                .hasMessageContaining("expected https://discord.com/api/webhooks/<numeric id>/<token>")
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain("secret-TOKEN");
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void unsetMeansLogOnly() {
        assertThat(WebhookUrl.parseOptional(null)).isEmpty();
        assertThat(WebhookUrl.parseOptional("   ")).isEmpty();
        assertThat(AlertsConfig.fromEnvironment(Map.of()).webhook()).isEmpty();
    }

    @Test
    void configNeverPrintsTheToken() {
        AlertsConfig config = AlertsConfig.fromEnvironment(Map.of(
                "DISCORD_WEBHOOK_URL",
                "https://discord.com/api/webhooks/1/" + TOKEN,
                "SAFESTART_STATE_DIR",
                "/tmp/x",
                "ALERT_HTTP_TIMEOUT",
                "7"));
        assertThat(config.toString()).doesNotContain(TOKEN).contains("/api/webhooks/1/****");
        assertThat(config.callTimeout()).hasSeconds(7);
        assertThat(config.connectTimeout()).hasSeconds(5);
        assertThatThrownBy(() -> AlertsConfig.fromEnvironment(Map.of("ALERT_HTTP_TIMEOUT", "0")))
                .hasMessage("ALERT_HTTP_TIMEOUT=0 is not accepted: whole seconds from 1 to 120 (default 10)");
    }
}
