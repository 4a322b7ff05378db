package io.radflow.ingest.receive;

/**
 * Who sent an instance and how, for logs, metrics, quiet periods and events.
 *
 * @param path {@code dimse} or {@code stow}
 * @param name the calling AE title (DIMSE) or the OIDC client of the token, {@code azp} (STOW-RS; the user or the peer address without one)
 * @param correlationId identifies the request in log lines (association + message id, or STOW request + part)
 */
public record Source(String path, String name, String correlationId) {
    public static final String DIMSE = "dimse";
    public static final String STOW = "stow";

    /** {@code dimse:<AE>} or {@code stow:<client>}, as written into conflict events. */
    public String label() {
        return path + ":" + name;
    }

    /** The same source with another correlation id. */
    public Source withCorrelationId(String id) {
        return new Source(path, name, id);
    }
}
