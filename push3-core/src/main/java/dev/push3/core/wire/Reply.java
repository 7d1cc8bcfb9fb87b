package dev.push3.core.wire;

import java.util.Objects;
import java.util.Optional;

/**
 * One reply line: {@code ->SUCCESS: text} or {@code ->FAIL: text}. The server writes it
 * ({@link #toLine()}), the client reads it ({@link #parse}).
 */
public sealed interface Reply {
    /** The indicator of a positive reply. */
    String SUCCESS_PREFIX = "->SUCCESS:";
    /** The indicator of a negative reply. */
    String FAIL_PREFIX = "->FAIL:";
    /**
     * The longest reply line, in octets, CRLF included, that Push3's client reads and that
     * its server sends (the most {@code metrics.max-reply-size} may be): 1 MiB, tens of
     * thousands of metrics (docs/PROTOCOL.md, decisions 34 and 35).
     */
    int MAX_LINE_OCTETS = 1024 * 1024;

    /**
     * Returns the text after the indicator and its space.
     *
     * @return the text; never null, may be empty
     */
    String text();

    /**
     * Tells whether this is a {@link Success}.
     *
     * @return true for {@code ->SUCCESS}
     */
    default boolean success() {
        return this instanceof Success;
    }

    /**
     * Returns the line as sent on the wire, without the CRLF.
     *
     * @return for example {@code ->FAIL: unknown command}
     */
    default String toLine() {
        String prefix = success() ? SUCCESS_PREFIX : FAIL_PREFIX;
        return text().isEmpty() ? prefix : prefix + " " + text();
    }

    /**
     * A positive reply.
     *
     * @param text the text; not null
     */
    record Success(String text) implements Reply {
        /** Checks the component. */
        public Success {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A negative reply.
     *
     * @param text why; not null
     */
    record Fail(String text) implements Reply {
        /** Checks the component. */
        public Fail {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Reads a reply line.
     *
     * @param line the line without its line end; not null
     * @return the reply, or empty when the line starts with neither indicator
     */
    static Optional<Reply> parse(String line) {
        if (line.startsWith(SUCCESS_PREFIX)) {
            return Optional.of(new Success(line.substring(SUCCESS_PREFIX.length()).stripLeading()));
        }
        if (line.startsWith(FAIL_PREFIX)) {
            return Optional.of(new Fail(line.substring(FAIL_PREFIX.length()).stripLeading()));
        }
        return Optional.empty();
    }
}
