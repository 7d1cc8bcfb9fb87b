package dev.push3.core.metrics;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The text formats a Prometheus scrape may ask for, chosen by its {@code Accept} header and
 * written by the Prometheus Java client's writers (never by hand).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public enum PrometheusFormat {
    /** The Prometheus text format 0.0.4: {@code text/plain; version=0.0.4}; the default. */
    PROMETHEUS_TEXT(PrometheusTextFormatWriter.create()),
    /** OpenMetrics 1.0: {@code application/openmetrics-text; version=1.0.0}. */
    OPENMETRICS(OpenMetricsTextFormatWriter.create());

    private final ExpositionFormatWriter writer;

    PrometheusFormat(ExpositionFormatWriter writer) {
        this.writer = writer;
    }

    /**
     * Chooses the format for a request, as Prometheus' own client libraries do: OpenMetrics
     * when the {@code Accept} header names {@code application/openmetrics-text} with a
     * quality above 0, the Prometheus text format otherwise (protobuf is not offered).
     *
     * @param accept the {@code Accept} header; null when the request had none
     * @return the format; never null
     */
    public static PrometheusFormat forAccept(@Nullable String accept) {
        if (accept == null) {
            return PROMETHEUS_TEXT;
        }
        for (String range : accept.split(",")) {
            // q=0 means "not acceptable" (RFC 9110 section 12.4.2): such a range does not count
            if (OPENMETRICS.writer.accepts(range) && quality(range) > 0) {
                return OPENMETRICS;
            }
        }
        return PROMETHEUS_TEXT;
    }

    /** The {@code q} parameter of one media range: 1 when absent, 0 when malformed (as not acceptable). */
    private static double quality(String range) {
        for (String parameter : range.split(";")) {
            String[] pair = parameter.strip().split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("q")) {
                try {
                    return Double.parseDouble(pair[1].strip());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /** @return the {@code Content-Type} of a response in this format, with its version and charset */
    public String contentType() {
        return writer.getContentType();
    }

    /**
     * Writes the families; does not close the stream.
     *
     * @param out where to write; not null
     * @param families what to write, for example {@link PrometheusFamilies#snapshots}'s
     * @throws IOException when the stream fails
     */
    public void write(OutputStream out, MetricSnapshots families) throws IOException {
        writer.write(out, families);
    }
}
