package dev.push3.auth.file;

/**
 * The users file cannot be used at all: it is missing, unreadable, or has no valid user.
 * At start-up this stops the server; on a reload the last good file stays in force.
 */
final class UnusableUsersFileException extends Exception {
    private static final long serialVersionUID = 1L;

    UnusableUsersFileException(String problem, Throwable cause) {
        super(problem, cause);
    }
}
