package dev.push3.passwords.scheme;

/**
 * A stored secret does not have the form its scheme requires. The message says what is
 * wrong with the form; it never quotes the secret.
 */
public final class MalformedHashException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param problem what is wrong, for example {@code "expected $6$salt$hash"}; not null
     */
    public MalformedHashException(String problem) {
        super(problem);
    }
}
