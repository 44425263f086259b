package dev.safestart.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.tws.Frames;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three error layouts, split exactly at the versions where real gateways changed them. */
class ErrorMessagesTest {
    private static List<String> fields(int version) throws Exception {
        byte[] frame = ErrorMessages.encode(version, 17, 326, "in use", "{\"x\":1}", 1_700_000_000_123L);
        return Frames.splitFields(Frames.readPayload(new ByteArrayInputStream(frame)));
    }

    @Test
    void below166() throws Exception {
        assertThat(fields(100)).containsExactly("4", "2", "17", "326", "in use");
        assertThat(fields(165)).containsExactly("4", "2", "17", "326", "in use");
    }

    @Test
    void from166To193AddsAdvancedOrderRejectJson() throws Exception {
        assertThat(fields(166)).containsExactly("4", "2", "17", "326", "in use", "{\"x\":1}");
        assertThat(fields(193)).containsExactly("4", "2", "17", "326", "in use", "{\"x\":1}");
    }

    @Test
    void from194DropsTheVersionAndAddsErrorTime() throws Exception {
        assertThat(fields(194)).containsExactly("4", "17", "326", "in use", "{\"x\":1}", "1700000000123");
        assertThat(fields(200)).containsExactly("4", "17", "326", "in use", "{\"x\":1}", "1700000000123");
    }
}
