package dev.push3.core.client;

import java.util.Objects;

/**
 * One reply line: {@code ->SUCCESS: text} or {@code ->FAIL: text}.
 */
public sealed interface Reply {
    /** The indicator of a positive reply. */
    String SUCCESS_PREFIX = "->SUCCESS:";
    /** The indicator of a negative reply. */
    String FAIL_PREFIX = "->FAIL:";

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
     * Returns this reply if it is a success.
     *
     * @return this reply
     * @throws Push3Exception with the FAIL text otherwise
     */
    default Reply orThrow() {
        if (!success()) {
            throw new Push3Exception(text());
        }
        return this;
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
     * @return the reply
     * @throws Push3Exception when the line starts with neither indicator
     */
    static Reply parse(String line) {
        if (line.startsWith(SUCCESS_PREFIX)) {
            return new Success(line.substring(SUCCESS_PREFIX.length()).stripLeading());
        }
        if (line.startsWith(FAIL_PREFIX)) {
            return new Fail(line.substring(FAIL_PREFIX.length()).stripLeading());
        }
        throw new Push3Exception("not a Push3 reply: '" + line + "'");
    }
}
