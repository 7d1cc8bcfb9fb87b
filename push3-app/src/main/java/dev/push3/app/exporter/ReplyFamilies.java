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
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A METRICS reply as Prometheus metric families, for {@code push3 exporter} and
 * {@code push3 metrics --format prometheus}: the names are mapped by core's
 * {@link PrometheusFamilies}, the one mapping the server's own {@code /metrics} uses. The
 * reply carries no types, so every metric is untyped, and each {@code <source>.up} goes into
 * {@code push3_source_up{source=...}}. Names a server that is not Push3 may send are first
 * normalised ({@link MetricName#normalize}); a name or value that cannot be carried is left out.
 */
public final class ReplyFamilies {
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private ReplyFamilies() {
    }

    /**
     * Maps a reply.
     *
     * @param metrics the reply's metrics by name; not null
     * @return the families, in {@link PrometheusFamilies#snapshots} order; never null
     */
    public static List<MetricSnapshot> of(Map<String, BigDecimal> metrics) {
        SortedMap<MetricName, BigDecimal> values = new TreeMap<>();
        metrics.forEach((name, value) -> {
            try {
                values.putIfAbsent(MetricName.normalize(name), value);
            } catch (IllegalArgumentException e) {
                // nothing usable in the name
            }
        });
        MetricsSnapshot snapshot = new MetricsSnapshot(values);
        return new ArrayList<>(PrometheusFamilies.snapshots(snapshot, PrometheusFamilies.sourcesIn(snapshot)).stream().toList());
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
