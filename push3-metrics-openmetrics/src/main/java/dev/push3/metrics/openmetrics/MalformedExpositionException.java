package dev.push3.metrics.openmetrics;

/**
 * A body is not a valid exposition. The message names the 1-based line and what was
 * expected there, and quotes the start of the line.
 */
final class MalformedExpositionException extends Exception {
    private static final long serialVersionUID = 1L;
    private static final int QUOTED_CHARS = 120;

    private final int lineNumber;

    MalformedExpositionException(int lineNumber, String problem, String line) {
        super("line " + lineNumber + ": " + problem + (line.isEmpty() ? "" : ": '" + quote(line) + "'"));
        this.lineNumber = lineNumber;
    }

    /**
     * Returns the 1-based number of the line at fault.
     *
     * @return the line number
     */
    int lineNumber() {
        return lineNumber;
    }

    private static String quote(String line) {
        return line.length() <= QUOTED_CHARS ? line : line.substring(0, QUOTED_CHARS) + "...";
    }
}
