package dev.push3.api.support;

/** What {@link LineReader} read: a line, an over-long line, or the end of input. */
public sealed interface Line {

    /**
     * A complete line without its line end. Octets are mapped one-to-one to chars
     * (ISO-8859-1), so non-ASCII input stays visible to a parser.
     *
     * @param text the line; never null
     */
    record Text(String text) implements Line {
    }

    /**
     * A line longer than the reader's limit; its octets were discarded up to and with its
     * line end, and reading can go on with the next line.
     */
    record TooLong() implements Line {
    }

    /** The peer closed its side; a partial last line, if any, is dropped. */
    record End() implements Line {
    }
}
