package dev.push3.api.auth;

import java.util.Objects;

/**
 * A user name and password as sent in {@code LOGIN user pass}.
 *
 * <p>{@link #toString()} never shows the password, so a {@code Credentials} may be passed
 * to a logger or an exception message by mistake without leaking it.
 *
 * @param user the user name: printable ASCII without spaces; not null, not empty
 * @param password the password: printable ASCII, may contain spaces; not null, may be empty
 */
public record Credentials(String user, String password) {
    /** Checks the components. */
    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("user must not be empty");
        }
    }

    /** Shows the user name only. */
    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=***]";
    }
}
