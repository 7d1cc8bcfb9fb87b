package dev.push3.metrics.openmetrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the test resources under {@code samples/} and {@code dovecot/}. */
final class Samples {
    static final String DOVECOT = "samples/dovecot-2.3.19-openmetrics.txt";
    /** Dovecot's body with a metric grouped by a histogram and then a field: it holds invalid lines. */
    static final String DOVECOT_HISTOGRAM_GROUP_BY = "samples/dovecot-2.3.19-histogram-group-by.txt";
    static final String PROMETHEUS_ODD = "samples/prometheus-text-odd.txt";
    static final String OPENMETRICS_ODD = "samples/openmetrics-odd.txt";
    /** The metric blocks of docs/CONFIGURATION.md that the Dovecot tests run. */
    static final String DOVECOT_METRICS = "dovecot/metrics.conf";

    private Samples() {
    }

    static String text(String resource) {
        try (InputStream in = Samples.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Exposition parse(String resource, ExpositionFormat format) throws MalformedExpositionException {
        return ExpositionParser.parse(text(resource), format);
    }
}
