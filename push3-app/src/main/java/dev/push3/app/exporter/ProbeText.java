package dev.push3.app.exporter;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A probe's answer in the Prometheus text format: {@code push3_probe_success} and
 * {@code push3_probe_duration_seconds}, gauges as {@code probe_success} and
 * {@code probe_duration_seconds} of the blackbox exporter, then the target's metrics as
 * {@link ReplyFamilies} maps them.
 */
final class ProbeText {
    static final String SUCCESS = "push3_probe_success";
    static final String DURATION = "push3_probe_duration_seconds";

    private ProbeText() {
    }

    /**
     * Writes the answer.
     *
     * @param result the probe's result; not null
     * @return the UTF-8 text
     */
    static byte[] write(ProbeResult result) {
        List<MetricSnapshot> families = new ArrayList<>();
        families.add(gauge(SUCCESS, "Whether the Push3 probe succeeded: logged in and read METRICS (1) or not (0).",
                result instanceof ProbeResult.Succeeded ? 1 : 0));
        families.add(gauge(DURATION, "How long the Push3 probe took, in seconds.", result.duration().toNanos() / 1e9));
        if (result instanceof ProbeResult.Succeeded succeeded) {
            Set<String> ours = Set.of(SUCCESS, DURATION); // a target's metric of the same name cannot replace them
            ReplyFamilies.of(succeeded.metrics()).stream()
                    .filter(family -> !ours.contains(family.getMetadata().getPrometheusName()))
                    .forEach(families::add);
        }
        return ReplyFamilies.text(families);
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }
}
