package dev.safestart.tws;

/** {@link TwsSession#open} did not reach READY; the probe result says why. */
public final class TwsConnectException extends Exception {
    private final ProbeResult result;

    public TwsConnectException(ProbeResult result) {
        super(result.state() + " " + result.host() + ":" + result.port() + " client " + result.clientId() + ": "
                + result.detail());
        this.result = result;
    }

    public ProbeResult result() {
        return result;
    }

    public ProbeState state() {
        return result.state();
    }
}
