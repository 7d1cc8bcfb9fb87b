package dev.push3.metrics.openmetrics;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One sample line of an exposition, for example
 * {@code dovecot_pop3_command_count{cmd_name="RETR"} 7}.
 *
 * @param name the sample name as written (unquoted and unescaped), with its suffix ({@code _total}, {@code _count} ...)
 * @param labels the labels in the order written; possibly empty
 * @param value the value
 * @param timestamp the timestamp as written, if any (milliseconds in the Prometheus text
 *     format, seconds in OpenMetrics); read but not used
 * @param lineNumber the 1-based line it came from, for messages
 * @param valueColumn the 1-based column where its value starts, for messages
 * @param line the line as written, for messages
 */
record Sample(String name, List<Label> labels, SampleValue value, Optional<BigDecimal> timestamp, int lineNumber,
        int valueColumn, String line) {
    Sample {
        Objects.requireNonNull(name, "name");
        labels = List.copyOf(labels);
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(line, "line");
    }
}
