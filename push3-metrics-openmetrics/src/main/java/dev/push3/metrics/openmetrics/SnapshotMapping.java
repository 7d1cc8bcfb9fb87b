package dev.push3.metrics.openmetrics;

import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricName;
import dev.push3.api.metrics.MetricsSnapshot;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Selects and renames the samples of an exposition into a snapshot, and counts what was skipped.
 *
 * <p>Values {@code NaN} and {@code ±Inf} cannot be written in a reply and are left out, like
 * samples the filter drops: neither is counted as skipped. A kept sample whose value has more
 * than {@value MetricsSnapshot#MAX_DIGITS} digits before or after the point (such as
 * {@code 1e300}) cannot be written in a reply either, but it is a fault of the endpoint: it is
 * skipped and reported with the exposition's skipped lines, and {@link #SKIPPED_SAMPLES}
 * carries their number. A skipped line whose sample name was read before its fault is
 * dropped like a good one when the filter drops that name: {@code exclude} silences a known
 * exporter bug. When two samples map to one name (for example {@code a_b} and
 * {@code a:b}) the first one written is kept and the clash is logged at DEBUG. A sample that
 * leaves no name at all (a legal but bare {@code _} or {@code ::}) is left out.
 *
 * @param filter which samples to keep
 */
record SnapshotMapping(SampleFilter filter) {
    /** How many lines of this scrape were skipped: did not parse, or held a value a reply cannot carry. */
    static final MetricName SKIPPED_SAMPLES = MetricName.of(OpenMetricsSourceProvider.NAME + ".skipped_samples");

    private static final MetricInfo SKIPPED_SAMPLES_INFO = MetricInfo.gauge(
            "Lines of the last scrape left out because they did not parse or held a value a reply cannot carry");
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotMapping.class);

    SnapshotMapping {
        Objects.requireNonNull(filter, "filter");
    }

    /**
     * The outcome of mapping one exposition.
     *
     * @param snapshot the kept samples under their Push3 names, and {@link #SKIPPED_SAMPLES}
     * @param skipped every line left out as faulty, in order
     */
    record Mapped(MetricsSnapshot snapshot, List<LineProblem> skipped) {
        Mapped {
            Objects.requireNonNull(snapshot, "snapshot");
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Maps an exposition.
     *
     * @param exposition the parsed body
     * @return the snapshot and the lines skipped
     */
    Mapped map(Exposition exposition) {
        MetricsSnapshot.Builder snapshot = MetricsSnapshot.builder();
        List<LineProblem> skipped = new ArrayList<>();
        for (LineProblem problem : exposition.skipped()) {
            if (problem.sampleName().map(filter::keeps).orElse(true)) {
                skipped.add(problem);
            }
        }
        Map<MetricName, Integer> lineOfName = new HashMap<>();
        for (Sample sample : exposition.samples()) {
            if (filter.keeps(sample.name()) && sample.value() instanceof SampleValue.Finite finite) {
                nameOf(sample, exposition).ifPresent(name -> {
                    Integer earlier = lineOfName.get(name);
                    if (earlier != null) {
                        LOG.debug("line {}: {} is also named {}, like line {}; kept line {}",
                                sample.lineNumber(), sample.name(), name, earlier, earlier);
                    } else {
                        put(snapshot, name, sample, finite, MetricNaming.infoOf(sample, exposition, name)).ifPresentOrElse(skipped::add,
                                () -> lineOfName.put(name, sample.lineNumber()));
                    }
                });
            }
        }
        skipped.sort(Comparator.comparingInt(LineProblem::lineNumber));
        snapshot.put(SKIPPED_SAMPLES, BigDecimal.valueOf(skipped.size()), SKIPPED_SAMPLES_INFO);
        return new Mapped(snapshot.build(), skipped);
    }

    /** A value such as {@code 1e300} is refused by the snapshot: that sample is skipped, not the scrape. */
    private static Optional<LineProblem> put(MetricsSnapshot.Builder snapshot, MetricName name, Sample sample,
            SampleValue.Finite finite, MetricInfo info) {
        try {
            snapshot.put(name, finite.value(), info);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(new LineProblem(sample.lineNumber(), sample.valueColumn(), "the value has more than "
                    + MetricsSnapshot.MAX_DIGITS + " digits before or after the point, which a METRICS reply cannot"
                    + " carry", sample.line()));
        }
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
