package dev.push3.metrics.openmetrics;

import dev.push3.api.metrics.MetricName;
import dev.push3.api.metrics.MetricsSnapshot;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Selects and renames the samples of an exposition into a snapshot.
 *
 * <p>Values {@code NaN} and {@code ±Inf} cannot be written in a reply and are left out. When
 * two samples map to one name (for example {@code a_b} and {@code a:b}) the first one written
 * is kept and the clash is logged at DEBUG. A sample that leaves no name at all (a legal but
 * bare {@code _} or {@code ::}) is left out.
 *
 * @param filter which samples to keep
 */
record SnapshotMapping(SampleFilter filter) {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotMapping.class);

    SnapshotMapping {
        Objects.requireNonNull(filter, "filter");
    }

    /**
     * Maps an exposition.
     *
     * @param exposition the parsed body
     * @return the kept samples under their Push3 names
     */
    MetricsSnapshot snapshot(Exposition exposition) {
        MetricsSnapshot.Builder snapshot = MetricsSnapshot.builder();
        Map<MetricName, Integer> lineOfName = new HashMap<>();
        for (Sample sample : exposition.samples()) {
            if (filter.keeps(sample.name()) && sample.value() instanceof SampleValue.Finite finite) {
                nameOf(sample, exposition).ifPresent(name -> {
                    Integer earlier = lineOfName.putIfAbsent(name, sample.lineNumber());
                    if (earlier == null) {
                        snapshot.put(name, finite.value());
                    } else {
                        LOG.debug("line {}: {} is also named {}, like line {}; kept line {}",
                                sample.lineNumber(), sample.name(), name, earlier, earlier);
                    }
                });
            }
        }
        return snapshot.build();
    }

    /** A legal sample name such as {@code _} or {@code ::} leaves nothing to name: skip it. */
    private static Optional<MetricName> nameOf(Sample sample, Exposition exposition) {
        try {
            return Optional.of(MetricNaming.nameOf(sample, exposition));
        } catch (IllegalArgumentException e) {
            LOG.debug("line {}: left out, {}", sample.lineNumber(), e.getMessage());
            return Optional.empty();
        }
    }
}
