package dev.push3.app.exporter;

import dev.push3.api.metrics.MetricsSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A probe's answer in the Prometheus text format: {@code push3_probe_success} and
 * {@code push3_probe_duration_seconds}, gauges as {@code probe_success} and
 * {@code probe_duration_seconds} of the blackbox exporter, after a successful probe
 * {@code push3_probe_metrics_left_out}, then the target's metrics as {@link ReplyFamilies} maps them.
 */
final class ProbeText {
    static final String SUCCESS = "push3_probe_success";
    static final String DURATION = "push3_probe_duration_seconds";
    static final String LEFT_OUT = "push3_probe_metrics_left_out";

    private ProbeText() {
    }

    /**
     * A probe's answer.
     *
     * @param text the UTF-8 text
     * @param leftOut the target's metric names that could not be carried; never null
     */
    record Answer(byte[] text, SortedSet<String> leftOut) {
    }

    /**
     * Writes the answer. Whatever the target sent, this does not fail: a metric Prometheus
     * cannot carry is left out and counted in {@value #LEFT_OUT}.
     *
     * @param result the probe's result; not null
     * @return the answer; never null
     */
    static Answer write(ProbeResult result) {
        List<MetricSnapshot> families = new ArrayList<>();
        families.add(gauge(SUCCESS, "Whether the Push3 probe succeeded: logged in and read METRICS (1) or not (0).",
                result instanceof ProbeResult.Succeeded ? 1 : 0));
        families.add(gauge(DURATION, "How long the Push3 probe took, in seconds.", result.duration().toNanos() / 1e9));
        SortedSet<String> leftOut = new TreeSet<>();
        if (result instanceof ProbeResult.Succeeded succeeded) {
            ReplyFamilies.Mapped mapped = ReplyFamilies.of(succeeded.metrics());
            leftOut = mapped.leftOut();
            families.add(gauge(LEFT_OUT, "How many of the target's METRICS the probe left out: values of more than "
                    + MetricsSnapshot.MAX_DIGITS + " digits, or names with nothing usable.", leftOut.size()));
            Set<String> ours = Set.of(SUCCESS, DURATION, LEFT_OUT); // a target's metric of the same name cannot replace them
            mapped.families().stream()
                    .filter(family -> !ours.contains(family.getMetadata().getPrometheusName()))
                    .forEach(families::add);
        }
        return new Answer(ReplyFamilies.text(families), leftOut);
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }
}
