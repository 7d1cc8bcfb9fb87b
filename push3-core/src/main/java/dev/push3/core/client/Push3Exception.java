package dev.push3.core.client;

/**
 * The server answered {@code ->FAIL}, answered something that is not a Push3 reply, or the
 * connection broke. The message carries the server's FAIL text when there is one.
 */
public final class Push3Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; not null
     */
    public Push3Exception(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; not null
     * @param cause the underlying failure
     */
    public Push3Exception(String message, Throwable cause) {
        super(message, cause);
    }
}
