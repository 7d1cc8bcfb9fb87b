package dev.push3.api.auth;

import java.util.Objects;

/**
 * The result of one authentication attempt: exactly one of three cases.
 *
 * <p>The server replies {@code ->SUCCESS} to {@link Accepted}, {@code ->FAIL: invalid
 * credentials} to {@link Rejected} (and counts it towards {@code auth.max-failures}), and a
 * distinct {@code ->FAIL} to {@link Unavailable}, which is not the user's fault and is not
 * counted as a failed login.
 */
public sealed interface AuthOutcome {

    /**
     * The credentials are valid.
     *
     * @param user the user name that logged in; not null
     */
    record Accepted(String user) implements AuthOutcome {
        /** Checks the component. */
        public Accepted {
            Objects.requireNonNull(user, "user");
        }
    }

    /** The credentials are wrong, or the user is unknown; the two are not told apart. */
    record Rejected() implements AuthOutcome {
    }

    /**
     * The backend could not decide: it is down, timed out, or answered nonsense.
     *
     * @param reason why, for the operator's log; never contains the password; not null
     */
    record Unavailable(String reason) implements AuthOutcome {
        /** Checks the component. */
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Returns the accepted outcome.
     *
     * @param user the user name; not null
     * @return the outcome; never null
     */
    static AuthOutcome accepted(String user) {
        return new Accepted(user);
    }

    /**
     * Returns the rejected outcome.
     *
     * @return the outcome; never null
     */
    static AuthOutcome rejected() {
        return new Rejected();
    }

    /**
     * Returns the unavailable outcome.
     *
     * @param reason why, for the log; not null
     * @return the outcome; never null
     */
    static AuthOutcome unavailable(String reason) {
        return new Unavailable(reason);
    }
}
