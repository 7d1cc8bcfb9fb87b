package dev.push3.auth.pop3;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * The server said something a POP3 client cannot go on from: a greeting that is not
 * {@code +OK}, a line that is no reply, a reply too long, a missing capability. The
 * message is our own text only; what the server said is kept apart in {@link #serverText()},
 * because it may echo the credentials and must be scrubbed before anyone sees it.
 */
final class Pop3ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // never serialized: it stays inside the authenticator
    private final Optional<String> serverText;

    /**
     * Creates the exception for a problem that quotes nothing from the server.
     *
     * @param problem what went wrong, in our words; not null
     */
    Pop3ProtocolException(String problem) {
        super(problem);
        this.serverText = Optional.empty();
    }

    /**
     * Creates the exception for a problem with what the server sent.
     *
     * @param problem what went wrong, in our words; not null
     * @param serverText what the server sent, unscrubbed; not null
     */
    Pop3ProtocolException(String problem, String serverText) {
        super(problem);
        this.serverText = Optional.of(Objects.requireNonNull(serverText, "serverText"));
    }

    /** What the server sent, unscrubbed: it may contain an echoed password. */
    Optional<String> serverText() {
        return serverText;
    }
}
