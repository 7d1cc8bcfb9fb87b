package dev.push3.metrics.jmx;

import java.util.regex.Pattern;

/**
 * Makes exception texts fit on one log line. RMI's exceptions put their cause on a new,
 * indented line ({@code "...; nested exception is: \n\tjava.io..."}); a log shipper would
 * see two records.
 */
final class OneLine {
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\r\\n]+\\s*");

    private OneLine() {
    }

    /**
     * Returns a text with every line break, and the blanks around it, replaced by one space.
     *
     * @param text the text; may be null
     * @return the text on one line; {@code "null"} for null
     */
    static String of(String text) {
        return text == null ? "null" : LINE_BREAKS.matcher(text).replaceAll(" ");
    }

    /**
     * Returns {@link Throwable#toString()} on one line: the class name and the message.
     *
     * @param e the exception
     * @return its description on one line
     */
    static String of(Throwable e) {
        return of(e.toString());
    }
}
