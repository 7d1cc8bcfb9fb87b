package dev.push3.metrics.openmetrics;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What is wrong with one line of an exposition, and where.
 *
 * @param lineNumber the 1-based line
 * @param column the 1-based column where the problem was found
 * @param problem what was expected or found there, one line of text
 * @param line the line as written, without its line end; possibly empty (a missing line)
 * @param sampleName the name of the sample on that line, when it could be read before the
 *     problem (so that {@code exclude} can drop a faulty line as it drops a good one)
 */
record LineProblem(int lineNumber, int column, String problem, String line, Optional<String> sampleName) {
    private static final int QUOTED_CHARS = 120;
    private static final Pattern QUOTED = Pattern.compile("'[^']*'");

    LineProblem {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(sampleName, "sampleName");
    }

    /** A problem of a line that is not a sample, or whose name could not be read. */
    LineProblem(int lineNumber, int column, String problem, String line) {
        this(lineNumber, column, problem, line, Optional.empty());
    }

    /**
     * Describes the problem on one line of text: {@code line 3: expected ... at column 9: 'b{x="1" 2'}.
     * The quote shows at most 120 characters of the line, with control characters escaped, so
     * a hostile body cannot forge or split a log line.
     *
     * @return the description
     */
    String describe() {
        return "line " + lineNumber + ": " + escaped(problem) + (column > 0 ? " at column " + column : "")
                + (line.isEmpty() ? "" : ": '" + quote(line) + "'");
    }

    /**
     * Tells problems apart across scrapes, whose line numbers and values move: the line up to
     * where the problem was found (the series), and the problem with its quoted words (such as
     * the value that is not a number) left out.
     *
     * @return a key equal for the same problem at the same place of the same series
     */
    String key() {
        return QUOTED.matcher(problem).replaceAll("''") + "\u0000"
                + line.substring(0, Math.min(line.length(), Math.max(0, column - 1)));
    }

    private static String quote(String line) {
        return escaped(line.length() <= QUOTED_CHARS ? line : line.substring(0, QUOTED_CHARS) + "...");
    }

    private static String escaped(String text) {
        StringBuilder quoted = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                quoted.append(String.format("\\u%04x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        return quoted.toString();
    }
}
