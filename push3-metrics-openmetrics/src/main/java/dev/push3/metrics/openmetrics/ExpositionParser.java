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
 * Reads the Prometheus text format (0.0.4 and 1.0.0) and OpenMetrics text (1.0, and the quoted
 * names of 2.0).
 *
 * <p>It reads {@code # HELP}, {@code # TYPE} and {@code # UNIT} lines, samples with
 * optional labels (values unescaped), values including {@code NaN} and {@code +Inf},
 * timestamps and, after {@code " # "}, exemplars (checked, then dropped). It accepts the
 * looser spacing of the Prometheus format (tabs, runs of blanks, blank lines, a comma before
 * {@code '}'}) in both formats. Metric and label names that are not legacy names
 * ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}) may be written quoted, in UTF-8, as Prometheus 3 does:
 * the metric name first inside the braces ({@code {"pop3.logins", result="ok"} 3}), a label
 * name before its {@code =} ({@code {"client.ip"="::1"}}), and after {@code # HELP},
 * {@code # TYPE} and {@code # UNIT} ({@code # TYPE "pop3.logins" counter}). Inside quotes the
 * only escapes are {@code \\}, {@code \"} and {@code \n}; any other backslash sequence (such
 * as {@code \A}) makes the line invalid, as it does for Prometheus.
 *
 * <p><b>One bad line, or no exposition at all.</b> A body is taken as an exposition when it
 * is complete and starts like one: an OpenMetrics body must end with {@code # EOF} with
 * nothing after it, a Prometheus text body must end with a line feed (the format requires
 * it, and it is the only sign of a body cut short), and the first line that is not blank
 * must parse as a comment or a sample. Otherwise the whole body fails with
 * {@link MalformedExpositionException}: an HTML error page, a JSON answer or a truncated
 * body gives no sample at all. Within an exposition, a sample or metadata line that does not
 * parse (a broken label set, an invalid escape, two metric names, a value that is no number,
 * an unknown {@code # TYPE}) is skipped and reported in {@link Exposition#skipped()}, and
 * every other line is kept: one exporter bug costs one series, not the whole scrape.
 *
 * <p>Push3 keeps its own parser because no maintained Java library reads these formats
 * (client_java only writes them) and because it needs exact decimal values and per-line
 * recovery with line and column; docs/CONFIGURATION.md says more.
 */
final class ExpositionParser {
    private static final String EOF_LINE = "# EOF";
    /** {@code # HELP name ...}, {@code # TYPE name type}, {@code # UNIT name unit}. */
    private static final Pattern METADATA = Pattern.compile("#[ \\t]+(HELP|TYPE|UNIT)(?:[ \\t]+.*)?");

    private final ExpositionFormat format;
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, MetricType> types = new HashMap<>();
    private final Map<String, String> helps = new HashMap<>();
    private final Map<String, String> units = new HashMap<>();
    private final List<LineProblem> skipped = new ArrayList<>();
    private boolean started;

    private ExpositionParser(ExpositionFormat format) {
        this.format = format;
    }

    /**
     * Parses a body.
     *
     * @param body the whole body
     * @param format the format its {@code Content-Type} names
     * @return the samples, declared types and skipped lines
     * @throws MalformedExpositionException when the body is not an exposition (see the class comment)
     */
    static Exposition parse(String body, ExpositionFormat format) throws MalformedExpositionException {
        return new ExpositionParser(format).read(body);
    }

    private Exposition read(String body) throws MalformedExpositionException {
        String[] lines = body.split("\n", -1);
        // A final newline ends the last line; it does not start an empty one.
        int count = body.endsWith("\n") ? lines.length - 1 : lines.length;
        if (format == ExpositionFormat.PROMETHEUS_TEXT && !body.isEmpty() && !body.endsWith("\n")) {
            throw new MalformedExpositionException(new LineProblem(count, 0,
                    "the last line of the Prometheus text body does not end with a line feed (was it cut short?)",
                    withoutCarriageReturn(lines[count - 1])));
        }
        boolean eofSeen = false;
        for (int i = 0; i < count; i++) {
            String line = withoutCarriageReturn(lines[i]);
            int number = i + 1;
            if (eofSeen) {
                if (!line.isBlank()) {
                    throw new MalformedExpositionException(new LineProblem(number, 0, "nothing may follow '# EOF'", line));
                }
            } else if (format == ExpositionFormat.OPENMETRICS && line.equals(EOF_LINE)) {
                eofSeen = true;
            } else {
                readOrSkip(line, number);
            }
        }
        if (format == ExpositionFormat.OPENMETRICS && !eofSeen) {
            throw new MalformedExpositionException(new LineProblem(count + 1, 0,
                    "the OpenMetrics body ends without '# EOF' (was it cut short?)", ""));
        }
        return new Exposition(samples, types, skipped, helps, units);
    }

    /** The first line decides whether this is an exposition at all; after it, a bad line is skipped. */
    private void readOrSkip(String line, int number) throws MalformedExpositionException {
        if (line.isBlank()) {
            return;
        }
        try {
            readLine(line, number);
        } catch (MalformedExpositionException e) {
            if (!started) {
                throw new MalformedExpositionException(e.problem(),
                        "the first line is neither a comment nor a sample, so this is no exposition");
            }
            skipped.add(e.problem());
        } finally {
            started = true;
        }
    }

    private void readLine(String line, int number) throws MalformedExpositionException {
        if (line.startsWith("#")) {
            readComment(line, number);
        } else {
            samples.add(new LineReader(line, number).sample());
        }
    }

    /** Records {@code # TYPE}, {@code # HELP} and {@code # UNIT}; skips other comments. */
    private void readComment(String line, int number) throws MalformedExpositionException {
        Matcher metadata = METADATA.matcher(line);
        if (!metadata.matches()) {
            return;
        }
        String keyword = metadata.group(1);
        LineReader reader = new LineReader(line, number);
        reader.pos = metadata.end(1);
        reader.skipBlanks();
        String name = reader.familyName("'# " + keyword + "' must be followed by a metric name");
        if (keyword.equals("TYPE")) {
            reader.skipBlanks();
            int column = reader.pos + 1;
            String word = line.substring(reader.pos).strip();
            MetricType type = MetricType.of(word).orElseThrow(() -> new MalformedExpositionException(
                    new LineProblem(number, column, "unknown metric type '" + word + "' (expected counter, gauge,"
                            + " histogram, summary, untyped, unknown, gaugehistogram, stateset or info)", line)));
            types.put(name, type);
        } else {
            reader.skipBlanks();
            String text = line.substring(reader.pos);
            if (keyword.equals("HELP")) {
                helps.put(name, helpText(text));
            } else {
                units.put(name, text.strip());
            }
        }
    }

    /**
     * Unescapes a {@code # HELP} text: {@code \\} and {@code \n} in both formats, {@code \"} in
     * OpenMetrics; a line break becomes a blank, since help is one line in Push3.
     */
    private static String helpText(String escaped) {
        StringBuilder text = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '\\' && i + 1 < escaped.length()) {
                char next = escaped.charAt(++i);
                text.append(switch (next) {
                    case 'n' -> ' ';
                    case '\\', '"' -> next;
                    default -> "\\" + next;
                });
            } else {
                text.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return text.toString().strip();
    }

    private static String withoutCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /**
     * The labels between braces, and the metric name when it is written quoted among them.
     *
     * @param name the quoted metric name, if one came first
     * @param labels the labels in the order written
     */
    private record LabelSet(Optional<String> name, List<Label> labels) {
    }

    /** Reads one line, left to right. */
    private static final class LineReader {
        private final String line;
        private final int number;
        private int pos;
        /** The sample's name once read, for the problem of a line that fails after it. */
        private Optional<String> readName = Optional.empty();

        LineReader(String line, int number) {
            this.line = line;
            this.number = number;
        }

        Sample sample() throws MalformedExpositionException {
            Optional<String> bareName = peek('{') ? Optional.empty() : Optional.of(legacyName(
                    "a metric name must start with a letter, '_' or ':' (or be quoted inside '{')"));
            readName = bareName;
            boolean braces = peek('{');
            LabelSet set = braces ? labelSet(bareName.isEmpty()) : new LabelSet(Optional.empty(), List.of());
            readName = bareName.or(set::name);
            String sampleName = readName.orElseThrow(() -> errorAt(1, "a sample needs a metric name,"
                    + " before '{' or quoted first inside it"));
            requireBlank("a value after the " + (braces ? "labels" : "name"));
            int valueColumn = pos + 1;
            SampleValue value = value(token("a value"));
            skipBlanks();
            Optional<BigDecimal> timestamp = Optional.empty();
            if (!atEnd() && !peek('#')) {
                timestamp = Optional.of(number(token("a timestamp"), "timestamp"));
                skipBlanks();
            }
            if (peek('#')) {
                exemplar();
            }
            if (!atEnd()) {
                throw error("unexpected text after the value");
            }
            return new Sample(sampleName, set.labels(), value, timestamp, number, valueColumn, line);
        }

        /** The name after {@code # HELP}, {@code # TYPE} or {@code # UNIT}: legacy, or quoted. */
        String familyName(String missing) throws MalformedExpositionException {
            if (peek('"')) {
                return quotedName("the metric name");
            }
            String name = legacyName(missing);
            if (!atEnd() && !isBlank(line.charAt(pos))) {
                throw error(missing);
            }
            return name;
        }

        private String legacyName(String problem) throws MalformedExpositionException {
            int start = pos;
            if (atEnd() || !isNameStart(line.charAt(pos))) {
                throw error(problem);
            }
            while (!atEnd() && (isNameStart(line.charAt(pos)) || isDigit(line.charAt(pos)))) {
                pos++;
            }
            return line.substring(start, pos);
        }

        /**
         * Reads {@code {...}}. A quoted string followed by {@code =} is a label name; one that is
         * not is the metric name, allowed only first and only when no name stands before the brace.
         */
        private LabelSet labelSet(boolean nameAllowed) throws MalformedExpositionException {
            pos++; // '{'
            skipBlanks();
            Optional<String> name = Optional.empty();
            List<Label> labels = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            boolean first = true;
            while (!peek('}')) {
                int start = pos;
                String key = labelName();
                skipBlanks();
                if (line.charAt(start) == '"' && !peek('=')) {
                    if (!first || !nameAllowed) {
                        throw errorAt(start + 1, nameAllowed ? "the quoted metric name must come first inside '{'"
                                : "the sample already has a name before '{', so \"" + key
                                        + "\" must be a label name followed by '='");
                    }
                    name = Optional.of(key);
                } else {
                    Label label = labelValue(key);
                    if (!seen.add(label.name())) {
                        throw error("label '" + label.name() + "' appears twice");
                    }
                    labels.add(label);
                }
                first = false;
                skipBlanks();
                if (peek(',')) {
                    pos++;
                    skipBlanks();
                } else if (!peek('}')) {
                    throw error("expected ',' or '}' after " + (labels.isEmpty() ? "the metric name"
                            : "the value of label '" + labels.getLast().name() + "'"));
                }
            }
            pos++; // '}'
            return new LabelSet(name, labels);
        }

        private String labelName() throws MalformedExpositionException {
            if (peek('"')) {
                return quotedName("a quoted name");
            }
            int start = pos;
            if (atEnd() || !isLabelStart(line.charAt(pos))) {
                throw error("expected a label name or '}'");
            }
            while (!atEnd() && (isLabelStart(line.charAt(pos)) || isDigit(line.charAt(pos)))) {
                pos++;
            }
            return line.substring(start, pos);
        }

        private Label labelValue(String name) throws MalformedExpositionException {
            expect('=', "'=' after label name '" + name + "'");
            skipBlanks();
            expect('"', "'\"' to open the value of label '" + name + "'");
            return new Label(name, quotedRest("the value of label '" + name + "'"));
        }

        /** Reads up to the closing quote, unescaping {@code \\}, {@code \"} and {@code \n}; no other escape exists. */
        private String quotedRest(String what) throws MalformedExpositionException {
            StringBuilder value = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw error(what + " is not closed with '\"'");
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
                        default -> {
                            pos -= 2;
                            throw error("invalid escape '\\" + escaped + "' in " + what
                                    + " (only \\\\, \\\" and \\n are allowed)");
                        }
                    }
                } else {
                    value.append(c);
                }
            }
        }

        /** A quoted metric or label name: any UTF-8 text but the empty one. */
        private String quotedName(String what) throws MalformedExpositionException {
            int start = pos;
            pos++; // '"'
            String name = quotedRest(what);
            if (name.isEmpty()) {
                throw errorAt(start + 1, what + " is empty");
            }
            return name;
        }

        /** An exemplar, {@code # {trace_id="..."} 0.5 [timestamp]}: checked, then dropped. */
        private void exemplar() throws MalformedExpositionException {
            pos++; // '#'
            requireBlank("an exemplar's labels after '#'");
            if (!peek('{')) {
                throw error("expected an exemplar's labels '{...}' after '#'");
            }
            labelSet(false);
            requireBlank("an exemplar's value after its labels");
            value(token("an exemplar value"));
            skipBlanks();
            if (!atEnd()) {
                number(token("an exemplar timestamp"), "timestamp");
                skipBlanks();
            }
        }

        private SampleValue value(String token) throws MalformedExpositionException {
            return switch (token.toLowerCase(Locale.ROOT)) {
                case "nan" -> new SampleValue.NonFinite(Double.NaN);
                case "+inf", "inf", "+infinity", "infinity" -> new SampleValue.NonFinite(Double.POSITIVE_INFINITY);
                case "-inf", "-infinity" -> new SampleValue.NonFinite(Double.NEGATIVE_INFINITY);
                default -> new SampleValue.Finite(number(token, "value"));
            };
        }

        private BigDecimal number(String token, String what) throws MalformedExpositionException {
            try {
                if (HEX_FLOAT.matcher(token).matches()) {
                    return new BigDecimal(Double.parseDouble(token.contains("p") || token.contains("P")
                            ? token : token + "p0"));
                }
                return new BigDecimal(token);
            } catch (NumberFormatException e) {
                // The token was just read: point at its start.
                throw errorAt(pos - token.length() + 1, "'" + token + "' is not a number, so it cannot be a " + what);
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

        void skipBlanks() {
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
            return errorAt(pos + 1, problem);
        }

        private MalformedExpositionException errorAt(int column, String problem) {
            return new MalformedExpositionException(new LineProblem(number, column, problem, line, readName));
        }

        private static final Pattern HEX_FLOAT = Pattern.compile("[+-]?0[xX][0-9a-fA-F.]+([pP][+-]?\\d+)?");

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
