package dev.push3.auth.pop3;

import java.io.IOException;

/**
 * The server said something a POP3 client cannot go on from: a greeting that is not
 * {@code +OK}, a line that is no reply, a reply too long, a missing capability. The
 * message may quote the server and is redacted before it is logged.
 */
final class Pop3ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong; not null
     */
    Pop3ProtocolException(String message) {
        super(message);
    }
}
