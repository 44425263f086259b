package dev.safestart.tws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TwsErrorTest {
    private static Message parse(byte[] framed) {
        return Message.parse(Arrays.copyOfRange(framed, 4, framed.length));
    }

    @Test
    void decodesBelow166WithVersionFieldAndNoJson() throws Exception {
        TwsError e = TwsError.decode(
                parse(Frames.encodeFields(4, 2, -1, 1100, "Connectivity between IB and TWS has been lost.")), 165);
        assertThat(e).isEqualTo(new TwsError(-1, 1100, "Connectivity between IB and TWS has been lost.", "", 0));
    }

    @Test
    void decodes166To193WithAdvancedOrderRejectJson() throws Exception {
        TwsError e =
                TwsError.decode(parse(Frames.encodeFields(4, 2, 12, 201, "Order rejected", "{\"reason\":\"x\"}")), 176);
        assertThat(e).isEqualTo(new TwsError(12, 201, "Order rejected", "{\"reason\":\"x\"}", 0));
    }

    @Test
    void decodesFrom194WithoutVersionFieldAndWithTime() throws Exception {
        TwsError e = TwsError.decode(
                parse(Frames.encodeFields(4, -1, 2104, "Market data farm connection is OK:usfarm", "", 1745600000123L)),
                194);
        assertThat(e).isEqualTo(new TwsError(-1, 2104, "Market data farm connection is OK:usfarm", "", 1745600000123L));
        assertThat(e.isFarmNotice()).isTrue();
    }

    @Test
    void encodeAndDecodeRoundTripInEveryLayout() throws Exception {
        TwsError original = new TwsError(3, 326, "in use", "{}", 99);
        assertThat(TwsError.decode(parse(original.encode(150)), 150)).isEqualTo(new TwsError(3, 326, "in use", "", 0));
        assertThat(TwsError.decode(parse(original.encode(180)), 180))
                .isEqualTo(new TwsError(3, 326, "in use", "{}", 0));
        assertThat(TwsError.decode(parse(original.encode(200)), 200)).isEqualTo(original);
    }

    @Test
    void badFieldsAreProtocolErrorsNotUncheckedExceptions() {
        assertThatThrownBy(() -> TwsError.decode(parse(Frames.encodeFields(4, 2, -1, "x", "msg")), 150))
                .isInstanceOf(TwsProtocolException.class)
                .hasMessageContaining("not an integer");
        assertThatThrownBy(() -> TwsError.decode(parse(Frames.encodeFields(4, 2, -1)), 150))
                .isInstanceOf(TwsProtocolException.class)
                .hasMessageContaining("no field");
        assertThatThrownBy(() -> TwsError.decode(parse(Frames.encodeFields(4, -1, 2104, "m", "", "noon")), 200))
                .isInstanceOf(TwsProtocolException.class);
    }
}
