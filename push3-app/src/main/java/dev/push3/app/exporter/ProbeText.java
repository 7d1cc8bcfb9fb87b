package dev.push3.app.exporter;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A probe's answer in the Prometheus text format, written by the Prometheus Java client's
 * exposition writer. The target's metrics are of unknown type (the METRICS reply carries
 * none) under their Prometheus names; {@code push3_probe_success} and
 * {@code push3_probe_duration_seconds} are gauges, as {@code probe_success} and
 * {@code probe_duration_seconds} of the blackbox exporter.
 */
final class ProbeText {
    static final String SUCCESS = "push3_probe_success";
    static final String DURATION = "push3_probe_duration_seconds";
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();
    private final UnaryOperator<String> names;

    /** @param names maps a Push3 metric name to its Prometheus name */
    ProbeText(UnaryOperator<String> names) {
        this.names = names;
    }

    /** Returns the Content-Type of {@link #write}'s bytes. */
    static String contentType() {
        return WRITER.getContentType();
    }

    /**
     * Writes the answer.
     *
     * @param result the probe's result; not null
     * @return the UTF-8 text
     */
    byte[] write(ProbeResult result) {
        List<MetricSnapshot> families = new ArrayList<>();
        families.add(gauge(SUCCESS, "Whether the Push3 probe succeeded: logged in and read METRICS (1) or not (0).",
                result instanceof ProbeResult.Succeeded ? 1 : 0));
        families.add(gauge(DURATION, "How long the Push3 probe took, in seconds.", result.duration().toNanos() / 1e9));
        if (result instanceof ProbeResult.Succeeded succeeded) {
            Set<String> taken = new HashSet<>(Set.of(SUCCESS, DURATION));
            for (Map.Entry<String, BigDecimal> metric : succeeded.metrics().entrySet()) {
                String name = names.apply(metric.getKey());
                if (taken.add(name)) { // two Push3 names may map to one Prometheus name: the first (sorted) wins
                    families.add(UnknownSnapshot.builder().name(name).dataPoint(UnknownSnapshot.UnknownDataPointSnapshot
                            .builder().value(metric.getValue().doubleValue()).build()).build());
                }
            }
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try {
            WRITER.write(text, new MetricSnapshots(families));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return text.toByteArray();
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }
}
