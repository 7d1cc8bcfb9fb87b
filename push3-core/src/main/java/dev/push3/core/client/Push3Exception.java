package dev.push3.core.client;

import dev.push3.core.wire.Reply;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The server answered {@code ->FAIL}, answered something that is not a Push3 reply, or the
 * connection broke. The message carries the server's FAIL text when there is one, and
 * {@link #failText()} tells the two cases apart.
 */
public final class Push3Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The server's FAIL text; null when the problem is the connection or the reply's form. */
    private final @Nullable String failText;

    /**
     * Creates the exception for a problem with the connection or the reply's form.
     *
     * @param message what happened; not null
     */
    public Push3Exception(String message) {
        this(message, (Throwable) null);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; not null
     * @param cause the underlying failure; may be null
     */
    public Push3Exception(String message, @Nullable Throwable cause) {
        super(message, cause);
        this.failText = null;
    }

    /**
     * Creates the exception for a {@code ->FAIL} reply; the message is the reply's text.
     *
     * @param reply the server's negative reply; not null
     */
    public Push3Exception(Reply.Fail reply) {
        super(reply.text());
        this.failText = reply.text();
    }

    /**
     * Returns a reply if it is a success, as in
     * {@code Push3Exception.requireSuccess(client.login("alice", password))}.
     *
     * @param reply the reply; not null
     * @return the reply
     * @throws Push3Exception with the FAIL text when it is a {@link Reply.Fail}
     */
    public static Reply requireSuccess(Reply reply) {
        if (reply instanceof Reply.Fail fail) {
            throw new Push3Exception(fail);
        }
        return reply;
    }

    /**
     * Returns the server's FAIL text when the server refused the request.
     *
     * @return the text, or empty when the connection broke or the reply was malformed
     */
    public Optional<String> failText() {
        return Optional.ofNullable(failText);
    }
}
