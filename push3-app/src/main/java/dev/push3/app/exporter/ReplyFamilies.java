package dev.push3.app.exporter;

import dev.push3.api.metrics.MetricName;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.core.metrics.PrometheusFamilies;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A METRICS reply as Prometheus metric families, for {@code push3 exporter} and
 * {@code push3 metrics --format prometheus}: the names are mapped by core's
 * {@link PrometheusFamilies}, the one mapping the server's own {@code /metrics} uses. The
 * reply carries no types, so every metric is untyped, and each {@code <source>.up} goes into
 * {@code push3_source_up{source=...}}. Names a server that is not Push3 may send are first
 * normalised ({@link MetricName#normalize}); a name that has nothing usable, or a value of
 * more than {@link MetricsSnapshot#MAX_DIGITS} digits before or after the point (such as
 * {@code 1e999}), is left out and named in {@link Mapped#leftOut()}: whatever a target
 * sends, the rest is still mapped.
 */
public final class ReplyFamilies {
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private ReplyFamilies() {
    }

    /**
     * A reply mapped to families.
     *
     * @param families the families, in {@link PrometheusFamilies#snapshots} order; modifiable, never null
     * @param leftOut the reply's names that could not be carried, sorted; never null, empty when all were
     */
    public record Mapped(List<MetricSnapshot> families, SortedSet<String> leftOut) {
        /** Copies the names left out. */
        public Mapped {
            leftOut = Collections.unmodifiableSortedSet(new TreeSet<>(leftOut));
        }
    }

    /**
     * Maps a reply. Never fails on what a server sent: a metric that cannot be carried is left out.
     *
     * @param metrics the reply's metrics by name; not null
     * @return the families and the names left out; never null
     */
    public static Mapped of(Map<String, BigDecimal> metrics) {
        MetricsSnapshot.Builder values = MetricsSnapshot.builder();
        Set<MetricName> seen = new HashSet<>();
        SortedSet<String> leftOut = new TreeSet<>();
        metrics.forEach((name, value) -> {
            try {
                MetricName normalized = MetricName.normalize(name);
                if (seen.add(normalized)) {
                    values.put(normalized, value); // checks the value as every snapshot does
                }
            } catch (IllegalArgumentException e) { // nothing usable in the name, or too many digits
                leftOut.add(name);
            }
        });
        MetricsSnapshot snapshot = values.build();
        return new Mapped(new ArrayList<>(PrometheusFamilies.snapshots(snapshot, PrometheusFamilies.sourcesIn(snapshot))
                .stream().toList()), leftOut);
    }

    /**
     * Writes families in the Prometheus text format (0.0.4) with the Prometheus Java client's writer.
     *
     * @param families the families, names unique; not null
     * @return the UTF-8 text
     */
    public static byte[] text(List<MetricSnapshot> families) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try {
            WRITER.write(text, new MetricSnapshots(families));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return text.toByteArray();
    }

    /**
     * Returns the Content-Type of {@link #text}'s bytes.
     *
     * @return {@code text/plain; version=0.0.4; charset=utf-8}
     */
    public static String contentType() {
        return WRITER.getContentType();
    }
}
