package dev.push3.app.cli;

import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.app.exporter.ReplyFamilies;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How {@code push3 metrics} prints one METRICS reply. Every format ends with a line end. */
enum MetricsFormat {
    /** Two aligned columns, name and value, with a header. */
    TABLE {
        @Override
        String format(Map<String, BigDecimal> metrics) {
            int width = Math.max("NAME".length(), metrics.keySet().stream().mapToInt(String::length).max().orElse(0));
            String row = "%-" + width + "s  %s%n";
            StringBuilder text = new StringBuilder(String.format(row, "NAME", "VALUE"));
            metrics.forEach((name, value) -> {
                if (representable(value)) {
                    text.append(String.format(row, name, value.toPlainString()));
                }
            });
            return text.toString();
        }
    },
    /** One JSON object on one line, {@code {"name":value,...}}, values as JSON numbers. */
    JSON {
        @Override
        String format(Map<String, BigDecimal> metrics) {
            return metrics.entrySet().stream()
                    .filter(e -> representable(e.getValue()))
                    .map(e -> quote(e.getKey()) + ":" + e.getValue().toPlainString())
                    .collect(Collectors.joining(",", "{", "}")) + System.lineSeparator();
        }
    },
    /**
     * The Prometheus text format (for the node exporter's textfile collector, for example),
     * the same families as {@code push3 exporter} answers: names mapped as the server's
     * {@code /metrics} maps them, every metric untyped (METRICS carries no types).
     */
    PROMETHEUS {
        @Override
        String format(Map<String, BigDecimal> metrics) {
            return new String(ReplyFamilies.text(ReplyFamilies.of(metrics).families()), StandardCharsets.UTF_8);
        }

        @Override
        SortedSet<String> leftOut(Map<String, BigDecimal> metrics) {
            return ReplyFamilies.of(metrics).leftOut();
        }
    };

    /**
     * Formats one reply's metrics.
     *
     * @param metrics the metrics, sorted by name
     * @return the text, ending with a line end
     */
    abstract String format(Map<String, BigDecimal> metrics);

    /**
     * Returns the names {@link #format} leaves out because this format cannot carry them.
     *
     * @param metrics the metrics, sorted by name
     * @return the names, sorted; the table and JSON leave out only values beyond
     *     {@link MetricsSnapshot#MAX_DIGITS} digits ({@link #representable})
     */
    SortedSet<String> leftOut(Map<String, BigDecimal> metrics) {
        return metrics.entrySet().stream().filter(e -> !representable(e.getValue())).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Tells whether a value keeps to the rule every Push3 snapshot keeps (at most
     * {@link MetricsSnapshot#MAX_DIGITS} digits before and after the point): a hostile server's
     * {@code 1E999999999} is 26 octets on the wire and a billion digits in plain notation.
     *
     * @param value the value; not null
     * @return true when it may be written out in plain notation
     */
    static boolean representable(BigDecimal value) {
        try {
            MetricsSnapshot.builder().put("value", value); // the snapshot's own check, not a copy of it
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Reads {@code table}, {@code json} or {@code prometheus}, in any case. */
    static final class Converter implements ITypeConverter<MetricsFormat> {
        @Override
        public MetricsFormat convert(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a format; use table, json or prometheus");
            }
        }
    }
}
