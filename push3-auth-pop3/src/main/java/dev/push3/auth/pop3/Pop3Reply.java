package dev.push3.auth.pop3;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One status line from a POP3 server: {@code +OK}, {@code -ERR} or a SASL continuation {@code +}. */
sealed interface Pop3Reply {
    /** An RFC 2449 response code in brackets at the start of the text, for example {@code [SYS/TEMP]}. */
    Pattern RESPONSE_CODE = Pattern.compile("^\\[([A-Za-z0-9/-]+)]");

    /**
     * Returns what followed the status indicator.
     *
     * @return the text, without the leading space; may be empty
     */
    String text();

    /**
     * Returns the RFC 2449 response code, upper case, if the text starts with one.
     *
     * @return for example {@code AUTH}, {@code SYS/TEMP} or {@code XCLIENT}; empty when there is none
     */
    default Optional<String> responseCode() {
        Matcher m = RESPONSE_CODE.matcher(text());
        return m.find() ? Optional.of(m.group(1).toUpperCase(Locale.ROOT)) : Optional.empty();
    }

    /**
     * {@code +OK}.
     *
     * @param text the rest of the line
     */
    record Ok(String text) implements Pop3Reply {
    }

    /**
     * {@code -ERR}.
     *
     * @param text the rest of the line
     */
    record Err(String text) implements Pop3Reply {
    }

    /**
     * {@code +} followed by a SASL challenge (RFC 5034).
     *
     * @param text the base64 challenge; may be empty
     */
    record Continuation(String text) implements Pop3Reply {
    }

    /**
     * Reads a status line.
     *
     * @param line the line without CRLF; not null
     * @return the reply; never null
     * @throws Pop3ProtocolException when the line is no POP3 reply
     */
    static Pop3Reply parse(String line) throws Pop3ProtocolException {
        if (line.equals("+OK") || line.startsWith("+OK ")) {
            return new Ok(rest(line, 3));
        }
        if (line.equals("-ERR") || line.startsWith("-ERR ")) {
            return new Err(rest(line, 4));
        }
        if (line.equals("+") || line.startsWith("+ ")) {
            return new Continuation(rest(line, 1));
        }
        throw new Pop3ProtocolException("not a POP3 reply", line);
    }

    private static String rest(String line, int indicatorLength) {
        return line.length() > indicatorLength ? line.substring(indicatorLength + 1) : "";
    }
}
