package dev.push3.core.protocol;

/** A parsed request line: one case per command, plus the two ways a line can be wrong. */
public sealed interface Request {

    /**
     * {@code LOGIN user password}.
     *
     * @param user the user name; no spaces
     * @param password the rest of the line; may contain spaces
     */
    record Login(String user, String password) implements Request {
        /** Never shows the password. */
        @Override
        public String toString() {
            return "Login[user=" + user + ", password=***]";
        }
    }

    /** {@code METRICS}. */
    record Metrics() implements Request {
    }

    /**
     * {@code FINISH} or its synonym {@code QUIT}.
     *
     * @param command the name as sent, upper case
     */
    record Finish(String command) implements Request {
    }

    /** {@code STLS}: start TLS on this connection (RFC 2595). */
    record Stls() implements Request {
    }

    /**
     * {@code CONFIG [key [value]]}: read or change the running configuration.
     *
     * @param key the key; empty to list every key
     * @param value the new value, still percent-encoded as sent; empty to read the key
     */
    record Config(java.util.Optional<String> key, java.util.Optional<String> value) implements Request {
    }

    /** {@code CAPA}: list the commands valid now. */
    record Capa() implements Request {
    }

    /**
     * A well-formed command name that Push3 does not know.
     *
     * @param command the name, upper case
     */
    record Unknown(String command) implements Request {
    }

    /**
     * A line that breaks the grammar.
     *
     * @param reason the text of the FAIL reply
     */
    record Malformed(String reason) implements Request {
    }
}
