package dev.push3.core.protocol;

/** What {@link LineReader} read: a request line, an over-long line, or the end of input. */
public sealed interface Line {

    /**
     * A complete line without its line end. Bytes are mapped one-to-one to chars
     * (ISO-8859-1), so non-ASCII input stays visible to the parser.
     *
     * @param text the line; never null
     */
    record Text(String text) implements Line {
    }

    /** A line longer than {@link LineReader#MAX_LINE_OCTETS}; its octets were discarded. */
    record TooLong() implements Line {
    }

    /** The client closed its side; a partial last line, if any, is dropped. */
    record End() implements Line {
    }
}
