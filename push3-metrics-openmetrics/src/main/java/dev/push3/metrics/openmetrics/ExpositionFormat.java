package dev.push3.metrics.openmetrics;

import java.util.Locale;

/** Which of the two text formats a body is written in, as its {@code Content-Type} says. */
enum ExpositionFormat {
    /** {@code text/plain; version=0.0.4}: {@code # EOF} is an ordinary comment. */
    PROMETHEUS_TEXT,
    /** {@code application/openmetrics-text}: the body must end with {@code # EOF}. */
    OPENMETRICS;

    /**
     * Picks the format from a {@code Content-Type} header.
     *
     * @param contentType the header's value; empty when the server sent none
     * @return OpenMetrics for {@code application/openmetrics-text}, else the Prometheus text format
     */
    static ExpositionFormat ofContentType(String contentType) {
        return contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/openmetrics-text")
                ? OPENMETRICS : PROMETHEUS_TEXT;
    }
}
