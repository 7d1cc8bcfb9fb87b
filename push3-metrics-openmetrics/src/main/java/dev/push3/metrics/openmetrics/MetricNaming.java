package dev.push3.metrics.openmetrics;

import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricName;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Turns a sample into a Push3 metric name.
 *
 * <ol>
 *   <li>The sample name is split into its family and a type suffix ({@code _total},
 *       {@code _count}, {@code _sum}, {@code _bucket}, {@code _created}, {@code _gcount},
 *       {@code _gsum}, {@code _info}). The family is the one a {@code # TYPE} line declares;
 *       without one, a known suffix is split off anyway.</li>
 *   <li>In the family name every {@code _} and {@code :} becomes {@code .}: the endpoint's
 *       words become Push3's dotted segments, and its own prefix (such as {@code dovecot})
 *       is kept.</li>
 *   <li>Each label value, in the order written, becomes one segment between the family
 *       and the suffix: lower case, every run of characters other than letters and digits
 *       becomes {@code _} (so a value cannot add dots), empty values are left out. Label
 *       names are not used.</li>
 *   <li>The result goes through {@link MetricName#normalize}.</li>
 *   <li>A name that would start with {@code push3.} or be {@code openmetrics.up} or
 *       {@code openmetrics.skipped_samples} gets {@code openmetrics.} in front, so it can never
 *       pose as one of Push3's own.</li>
 * </ol>
 *
 * <p>So {@code dovecot_pop3_command_count{cmd_name="RETR"}} becomes
 * {@code dovecot.pop3.command.retr.count} and {@code dovecot_auth_success_total} becomes
 * {@code dovecot.auth.success.total}.
 */
final class MetricNaming {
    private static final List<String> SUFFIXES =
            List.of("_total", "_count", "_sum", "_bucket", "_created", "_gcount", "_gsum", "_info");
    private static final String OWN_PREFIX = "openmetrics.";
    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");
    private static final Pattern EDGE_UNDERSCORES = Pattern.compile("^_+|_+$");

    private MetricNaming() {
    }

    /**
     * Names a sample.
     *
     * @param sample the sample
     * @param exposition the exposition it belongs to, for its {@code # TYPE} lines
     * @return the name
     * @throws IllegalArgumentException when nothing usable is left of the name
     */
    static MetricName nameOf(Sample sample, Exposition exposition) {
        String name = sample.name();
        String suffix = suffixOf(name, exposition);
        String family = name.substring(0, name.length() - suffix.length());
        StringJoiner dotted = new StringJoiner(".");
        dotted.add(family.replace('_', '.').replace(':', '.'));
        for (Label label : sample.labels()) {
            String segment = segment(label.value());
            if (!segment.isEmpty()) {
                dotted.add(segment);
            }
        }
        String raw = dotted + suffix.replace('_', '.');
        MetricName normalized = MetricName.normalize(raw);
        return reserved(normalized.value()) ? MetricName.of(OWN_PREFIX + normalized.value()) : normalized;
    }

    /**
     * Tells what a sample is, from its family's {@code # TYPE}, {@code # HELP} and {@code # UNIT}
     * lines: a counter's {@code _total}, and a histogram's or summary's {@code _count},
     * {@code _sum} and {@code _bucket}, are counters; a gauge, the samples of a gauge
     * histogram, a stateset, an info and every {@code _created} timestamp are gauges; an
     * untyped or unknown family, or none declared, is {@link dev.push3.api.metrics.MetricType#UNKNOWN}.
     * The unit is kept only where it still ends the Push3 name (not after label segments or a
     * {@code _count}), and only when Push3 can carry it; help longer than
     * {@link MetricInfo#MAX_HELP} is cut.
     *
     * @param sample the sample
     * @param exposition the exposition it belongs to
     * @param name the name {@link #nameOf} gave it
     * @return its info; never null
     */
    static MetricInfo infoOf(Sample sample, Exposition exposition, MetricName name) {
        String suffix = suffixOf(sample.name(), exposition);
        String family = stripped(sample.name(), suffix);
        MetricType declared = exposition.typeOf(family).orElse(MetricType.UNKNOWN);
        dev.push3.api.metrics.MetricType type = typeOf(declared, suffix);
        String help = exposition.helps().getOrDefault(family, "");
        String unit = exposition.units().getOrDefault(family, "");
        if (unit.isEmpty() || !MetricInfo.UNIT.matcher(unit).matches() || !name.value().endsWith("." + unit)) {
            unit = "";
        }
        if (type == dev.push3.api.metrics.MetricType.UNKNOWN && help.isEmpty() && unit.isEmpty()) {
            return MetricInfo.UNKNOWN;
        }
        return new MetricInfo(type, unit, help.length() > MetricInfo.MAX_HELP ? help.substring(0, MetricInfo.MAX_HELP) : help);
    }

    private static dev.push3.api.metrics.MetricType typeOf(MetricType declared, String suffix) {
        if (suffix.equals("_created")) {
            return dev.push3.api.metrics.MetricType.GAUGE;
        }
        return switch (declared) {
            case COUNTER -> dev.push3.api.metrics.MetricType.COUNTER;
            case HISTOGRAM, SUMMARY -> List.of("_count", "_sum", "_bucket").contains(suffix)
                    ? dev.push3.api.metrics.MetricType.COUNTER : dev.push3.api.metrics.MetricType.GAUGE;
            case GAUGE, GAUGEHISTOGRAM, STATESET, INFO -> dev.push3.api.metrics.MetricType.GAUGE;
            case UNTYPED, UNKNOWN -> dev.push3.api.metrics.MetricType.UNKNOWN;
        };
    }

    private static String suffixOf(String name, Exposition exposition) {
        for (String suffix : SUFFIXES) {
            if (name.endsWith(suffix) && exposition.typeOf(stripped(name, suffix)).isPresent()) {
                return suffix;
            }
        }
        if (exposition.typeOf(name).isPresent()) {
            return "";
        }
        for (String suffix : SUFFIXES) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                return suffix;
            }
        }
        return "";
    }

    private static String stripped(String name, String suffix) {
        return name.substring(0, name.length() - suffix.length());
    }

    private static String segment(String labelValue) {
        String lower = labelValue.toLowerCase(Locale.ROOT);
        return EDGE_UNDERSCORES.matcher(NOT_ALPHANUMERIC.matcher(lower).replaceAll("_")).replaceAll("");
    }

    private static boolean reserved(String name) {
        return name.equals("push3") || name.startsWith("push3.") || name.equals(OWN_PREFIX + "up")
                || name.equals(SnapshotMapping.SKIPPED_SAMPLES.value());
    }
}
