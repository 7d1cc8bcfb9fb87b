package dev.push3.metrics.openmetrics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Prometheus text format (0.0.4) and OpenMetrics 1.0 text.
 *
 * <p>It reads {@code # HELP}, {@code # TYPE} and {@code # UNIT} lines, samples with
 * optional labels (values unescaped), values including {@code NaN} and {@code +Inf},
 * timestamps and, after {@code " # "}, exemplars (checked, then dropped). It accepts the
 * looser spacing of the Prometheus format (tabs, runs of blanks, blank lines, a comma before
 * {@code '}'}) in both formats. In OpenMetrics the body must end with {@code # EOF} and
 * nothing may follow it, which catches a body that was cut short.
 *
 * <p>The first line that does not parse fails the whole body: a scrape is taken whole or
 * not at all, as Prometheus itself does.
 */
final class ExpositionParser {
    private static final String EOF_LINE = "# EOF";
    /** {@code # HELP name ...}, {@code # TYPE name type}, {@code # UNIT name unit}. */
    private static final Pattern METADATA = Pattern.compile("#[ \\t]+(HELP|TYPE|UNIT)(?:[ \\t]+(.*))?");
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern HEX_FLOAT = Pattern.compile("[+-]?0[xX][0-9a-fA-F.]+([pP][+-]?\\d+)?");

    private final ExpositionFormat format;
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, MetricType> types = new HashMap<>();

    private ExpositionParser(ExpositionFormat format) {
        this.format = format;
    }

    /**
     * Parses a body.
     *
     * @param body the whole body
     * @param format the format its {@code Content-Type} names
     * @return the samples and declared types
     * @throws MalformedExpositionException at the first line that does not parse
     */
    static Exposition parse(String body, ExpositionFormat format) throws MalformedExpositionException {
        return new ExpositionParser(format).read(body);
    }

    private Exposition read(String body) throws MalformedExpositionException {
        String[] lines = body.split("\n", -1);
        // A final newline ends the last line; it does not start an empty one.
        int count = body.endsWith("\n") ? lines.length - 1 : lines.length;
        boolean eofSeen = false;
        for (int i = 0; i < count; i++) {
            String line = withoutCarriageReturn(lines[i]);
            int number = i + 1;
            if (eofSeen) {
                if (!line.isBlank()) {
                    throw new MalformedExpositionException(number, "nothing may follow '# EOF'", line);
                }
            } else if (format == ExpositionFormat.OPENMETRICS && line.equals(EOF_LINE)) {
                eofSeen = true;
            } else {
                readLine(line, number);
            }
        }
        if (format == ExpositionFormat.OPENMETRICS && !eofSeen) {
            throw new MalformedExpositionException(count + 1,
                    "the OpenMetrics body ends without '# EOF' (was it cut short?)", "");
        }
        return new Exposition(samples, types);
    }

    private void readLine(String line, int number) throws MalformedExpositionException {
        if (line.isBlank()) {
            return;
        }
        if (line.startsWith("#")) {
            readComment(line, number);
        } else {
            samples.add(new SampleReader(line, number).sample());
        }
    }

    /** Records a {@code # TYPE}; checks {@code # HELP} and {@code # UNIT}; skips other comments. */
    private void readComment(String line, int number) throws MalformedExpositionException {
        Matcher metadata = METADATA.matcher(line);
        if (!metadata.matches()) {
            return;
        }
        String keyword = metadata.group(1);
        String[] words = (metadata.group(2) == null ? "" : metadata.group(2).strip()).split("[ \\t]+", 2);
        String name = words[0];
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new MalformedExpositionException(number, "'# " + keyword + "' must be followed by a metric name", line);
        }
        if (keyword.equals("TYPE")) {
            String word = words.length > 1 ? words[1].strip() : "";
            MetricType type = MetricType.of(word).orElseThrow(() -> new MalformedExpositionException(number,
                    "unknown metric type '" + word + "' (expected counter, gauge, histogram, summary, untyped,"
                            + " unknown, gaugehistogram, stateset or info)", line));
            types.put(name, type);
        }
    }

    private static String withoutCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** Reads one sample line, left to right. */
    private static final class SampleReader {
        private final String line;
        private final int number;
        private int pos;

        SampleReader(String line, int number) {
            this.line = line;
            this.number = number;
        }

        Sample sample() throws MalformedExpositionException {
            String name = metricName();
            boolean braces = peek('{');
            List<Label> labels = braces ? labelSet() : List.of();
            requireBlank("a value after the " + (braces ? "labels" : "name"));
            SampleValue value = value(token("a value"));
            skipBlanks();
            Optional<BigDecimal> timestamp = Optional.empty();
            if (!atEnd() && !peek('#')) {
                timestamp = Optional.of(timestamp(token("a timestamp")));
                skipBlanks();
            }
            if (peek('#')) {
                exemplar();
            }
            if (!atEnd()) {
                throw error("unexpected text after the value");
            }
            return new Sample(name, labels, value, timestamp, number);
        }

        private String metricName() throws MalformedExpositionException {
            int start = pos;
            if (atEnd() || !isNameStart(line.charAt(pos))) {
                throw error("a metric name must start with a letter, '_' or ':'");
            }
            while (!atEnd() && (isNameStart(line.charAt(pos)) || isDigit(line.charAt(pos)))) {
                pos++;
            }
            return line.substring(start, pos);
        }

        private List<Label> labelSet() throws MalformedExpositionException {
            pos++; // '{'
            skipBlanks();
            List<Label> labels = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            while (!peek('}')) {
                Label label = label();
                if (!seen.add(label.name())) {
                    throw error("label '" + label.name() + "' appears twice");
                }
                labels.add(label);
                skipBlanks();
                if (peek(',')) {
                    pos++;
                    skipBlanks();
                } else if (!peek('}')) {
                    throw error("expected ',' or '}' after the value of label '" + label.name() + "'");
                }
            }
            pos++; // '}'
            return labels;
        }

        private Label label() throws MalformedExpositionException {
            int start = pos;
            if (atEnd() || !isLabelStart(line.charAt(pos))) {
                throw error("expected a label name or '}'");
            }
            while (!atEnd() && (isLabelStart(line.charAt(pos)) || isDigit(line.charAt(pos)))) {
                pos++;
            }
            String name = line.substring(start, pos);
            skipBlanks();
            expect('=', "'=' after label name '" + name + "'");
            skipBlanks();
            expect('"', "'\"' to open the value of label '" + name + "'");
            return new Label(name, quotedRest(name));
        }

        /** Reads up to the closing quote; {@code \\}, {@code \"} and {@code \n} are unescaped, others kept. */
        private String quotedRest(String labelName) throws MalformedExpositionException {
            StringBuilder value = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw error("the value of label '" + labelName + "' is not closed with '\"'");
                }
                char c = line.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && !atEnd()) {
                    char escaped = line.charAt(pos++);
                    switch (escaped) {
                        case '\\', '"' -> value.append(escaped);
                        case 'n' -> value.append('\n');
                        default -> value.append('\\').append(escaped);
                    }
                } else {
                    value.append(c);
                }
            }
        }

        /** An exemplar, {@code # {trace_id="..."} 0.5 [timestamp]}: checked, then dropped. */
        private void exemplar() throws MalformedExpositionException {
            pos++; // '#'
            requireBlank("an exemplar's labels after '#'");
            if (!peek('{')) {
                throw error("expected an exemplar's labels '{...}' after '#'");
            }
            labelSet();
            requireBlank("an exemplar's value after its labels");
            value(token("an exemplar value"));
            skipBlanks();
            if (!atEnd()) {
                timestamp(token("an exemplar timestamp"));
                skipBlanks();
            }
        }

        private SampleValue value(String token) throws MalformedExpositionException {
            switch (token.toLowerCase(Locale.ROOT)) {
                case "nan":
                    return new SampleValue.NonFinite(Double.NaN);
                case "+inf", "inf", "+infinity", "infinity":
                    return new SampleValue.NonFinite(Double.POSITIVE_INFINITY);
                case "-inf", "-infinity":
                    return new SampleValue.NonFinite(Double.NEGATIVE_INFINITY);
                default:
                    return new SampleValue.Finite(number(token, "value"));
            }
        }

        private BigDecimal timestamp(String token) throws MalformedExpositionException {
            return number(token, "timestamp");
        }

        private BigDecimal number(String token, String what) throws MalformedExpositionException {
            try {
                if (HEX_FLOAT.matcher(token).matches()) {
                    return new BigDecimal(Double.parseDouble(token.contains("p") || token.contains("P")
                            ? token : token + "p0"));
                }
                return new BigDecimal(token);
            } catch (NumberFormatException e) {
                throw error("'" + token + "' is not a number, so it cannot be a " + what);
            }
        }

        private String token(String what) throws MalformedExpositionException {
            int start = pos;
            while (!atEnd() && !isBlank(line.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("expected " + what);
            }
            return line.substring(start, pos);
        }

        private void requireBlank(String expected) throws MalformedExpositionException {
            if (atEnd() || !isBlank(line.charAt(pos))) {
                throw error("expected a space, then " + expected);
            }
            skipBlanks();
        }

        private void expect(char c, String expected) throws MalformedExpositionException {
            if (!peek(c)) {
                throw error("expected " + expected);
            }
            pos++;
        }

        private void skipBlanks() {
            while (!atEnd() && isBlank(line.charAt(pos))) {
                pos++;
            }
        }

        private boolean peek(char c) {
            return !atEnd() && line.charAt(pos) == c;
        }

        private boolean atEnd() {
            return pos >= line.length();
        }

        private MalformedExpositionException error(String problem) {
            return new MalformedExpositionException(number, problem + " at column " + (pos + 1), line);
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t';
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isLabelStart(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        }

        private static boolean isNameStart(char c) {
            return isLabelStart(c) || c == ':';
        }
    }
}
