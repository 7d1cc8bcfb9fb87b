package dev.push3.core.metrics;

import dev.push3.api.ProviderName;
import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricName;
import dev.push3.api.metrics.MetricType;
import dev.push3.api.metrics.MetricsSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Push3 metrics as Prometheus metric families: the one place that maps a Push3 name, type and
 * unit to the name Prometheus stores, for the server's {@code /metrics} endpoint and for any
 * exporter that turns a METRICS reply into Prometheus text.
 *
 * <p>The rule, for a metric {@code name} with its {@link MetricInfo}:
 * <ol>
 *   <li>dots become underscores: {@code push3.logins.succeeded} is {@code push3_logins_succeeded};</li>
 *   <li>a unit is a suffix: it is appended unless the name already ends with {@code _<unit>}
 *       ({@code push3.uptime.seconds} stays {@code push3_uptime_seconds}; {@code push3.bytes.in}
 *       in bytes becomes {@code push3_bytes_in_bytes});</li>
 *   <li>a counter's samples end in {@code _total}, which is not doubled
 *       ({@code push3.logins.succeeded} is {@code push3_logins_succeeded_total},
 *       {@code push3.commands.total} is {@code push3_commands_total});</li>
 *   <li>each source's health, {@code <source>.up}, is one gauge family for all sources,
 *       {@code push3_source_up{source="<source>"}}, not a family per source;</li>
 *   <li>a {@link MetricType#UNKNOWN} metric is {@code untyped} (Prometheus text) or
 *       {@code unknown} (OpenMetrics) under its name;</li>
 *   <li>a name in microseconds, ending in {@code _us}, is published in seconds, Prometheus'
 *       base unit: the value divided by 10^6, {@code _us} replaced by the unit
 *       {@code seconds} (the counter {@code push3.auth.file.latency.total_us} is
 *       {@code push3_auth_file_latency_seconds_total}, the gauge {@code latency.max_us}
 *       {@code latency_max_seconds}); the METRICS name stays, and the help, published
 *       unchanged, should not name the unit;</li>
 *   <li>a family without help gets one naming its Push3 name, as promtool asks.</li>
 * </ol>
 * When two Push3 names map to one Prometheus name ({@code a.b} and {@code a_b}), the first
 * in name order is kept and the other left out. Values become doubles, Prometheus' type.
 *
 * <p>Stateless and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class PrometheusFamilies {
    /** The family of every source's health: 1 up, 0 down, labelled by the source's name. */
    public static final String SOURCE_UP = "push3_source_up";
    /** The label naming the source in {@link #SOURCE_UP}. */
    public static final String SOURCE_LABEL = "source";
    private static final String UP_SUFFIX = ".up";
    private static final String TOTAL = "_total";
    private static final String MICROS = "_us";
    private static final String SECONDS = "seconds";
    private static final String SOURCE_UP_HELP = "1 when the Push3 metrics source answered the last collection, 0 when it failed or was late";

    private PrometheusFamilies() {
    }

    /**
     * Returns the name of a metric's samples in Prometheus, the name to query it by.
     *
     * @param name the Push3 name; not null
     * @param info its type and unit; not null
     * @return for example {@code push3_logins_succeeded_total} for the counter {@code push3.logins.succeeded}
     */
    public static String sampleName(MetricName name, MetricInfo info) {
        String family = familyName(name, info);
        return info.type() == MetricType.COUNTER ? family + TOTAL : family;
    }

    /**
     * Returns a metric's family name: its sample name without a counter's {@code _total},
     * as OpenMetrics' {@code # TYPE} line names it.
     *
     * @param name the Push3 name; not null
     * @param info its type and unit; not null
     * @return for example {@code push3_logins_succeeded} for the counter {@code push3.logins.succeeded}
     */
    public static String familyName(MetricName name, MetricInfo info) {
        String family = name.value().replace('.', '_');
        boolean micros = micros(name);
        if (micros) {
            family = family.substring(0, family.length() - MICROS.length()); // seconds are appended as the unit
        }
        if (info.type() == MetricType.COUNTER && family.endsWith(TOTAL)) {
            family = family.substring(0, family.length() - TOTAL.length());
        }
        String unit = unit(name, info);
        if (!unit.isEmpty() && !family.endsWith("_" + unit)) {
            family = family + "_" + unit;
        }
        return family;
    }

    /** A name in microseconds ({@code latency.total_us}): Prometheus' base unit is the second. */
    private static boolean micros(MetricName name) {
        return name.value().endsWith(MICROS) && name.value().length() > MICROS.length();
    }

    private static String unit(MetricName name, MetricInfo info) {
        return micros(name) ? SECONDS : info.unit();
    }

    /**
     * Maps a snapshot to Prometheus metric families, ready for a text format writer.
     *
     * @param snapshot the metrics with their info, for example {@code MetricsCollector.collect()}'s; not null
     * @param sources the names of the sources whose {@code <source>.up} metrics go into
     *     {@link #SOURCE_UP}; not null; a name without such a metric is left out
     * @return the families: {@link #SOURCE_UP} first, then one per other metric in name order
     */
    public static MetricSnapshots snapshots(MetricsSnapshot snapshot, Collection<String> sources) {
        Set<MetricName> upNames = new HashSet<>();
        GaugeSnapshot.Builder sourceUp = GaugeSnapshot.builder().name(SOURCE_UP).help(SOURCE_UP_HELP);
        for (String source : sources) {
            MetricName upName = new MetricName(source + UP_SUFFIX);
            BigDecimal up = snapshot.values().get(upName);
            if (up != null) {
                upNames.add(upName);
                sourceUp.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(Labels.of(SOURCE_LABEL, source)).value(up.doubleValue()).build());
            }
        }
        List<MetricSnapshot> families = new ArrayList<>(snapshot.size() - upNames.size() + 1);
        Set<String> taken = new HashSet<>();
        if (!upNames.isEmpty()) {
            families.add(sourceUp.build());
            taken.add(SOURCE_UP);
        }
        snapshot.values().forEach((name, value) -> {
            if (upNames.contains(name)) {
                return;
            }
            MetricInfo info = snapshot.info(name);
            String family = familyName(name, info);
            String sample = sampleName(name, info);
            if (taken.add(family) && (sample.equals(family) || taken.add(sample))) {
                families.add(family(family, name, info, value));
            }
        });
        return new MetricSnapshots(families);
    }

    /**
     * Finds the sources in a snapshot that came over the wire, where only the names tell:
     * every {@code <source>.up} whose {@code <source>} is a {@linkplain ProviderName provider
     * name} and whose value is 0 or 1. For an exporter reading a METRICS reply; the server
     * passes the names it knows to {@link #snapshots} instead.
     *
     * @param snapshot the metrics; not null
     * @return the source names in name order; never null
     */
    public static Set<String> sourcesIn(MetricsSnapshot snapshot) {
        Set<String> sources = new LinkedHashSet<>();
        snapshot.values().forEach((name, value) -> {
            String text = name.value();
            if (text.endsWith(UP_SUFFIX) && (value.signum() == 0 || value.compareTo(BigDecimal.ONE) == 0)) {
                String source = text.substring(0, text.length() - UP_SUFFIX.length());
                if (ProviderName.PATTERN.matcher(source).matches()) {
                    sources.add(source);
                }
            }
        });
        return sources;
    }

    private static MetricSnapshot family(String family, MetricName name, MetricInfo info, BigDecimal value) {
        double number = micros(name) ? value.doubleValue() / 1e6 : value.doubleValue();
        String unitName = unit(name, info);
        Unit unit = unitName.isEmpty() ? null : new Unit(unitName);
        // promtool wants help on every family; a METRICS reply carries none, so say where it came from
        String help = !info.help().isEmpty() ? info.help()
                : "Push3 metric " + name.value() + (micros(name) ? " in seconds (the reply gives microseconds)" : "")
                        + (info.type() == MetricType.UNKNOWN ? "; its type is not known" : "");
        return switch (info.type()) {
            case COUNTER -> CounterSnapshot.builder().name(family).help(help).unit(unit)
                    .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(number).build()).build();
            case GAUGE -> GaugeSnapshot.builder().name(family).help(help).unit(unit)
                    .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(number).build()).build();
            case UNKNOWN -> UnknownSnapshot.builder().name(family).help(help).unit(unit)
                    .dataPoint(UnknownSnapshot.UnknownDataPointSnapshot.builder().value(number).build()).build();
        };
    }
}
