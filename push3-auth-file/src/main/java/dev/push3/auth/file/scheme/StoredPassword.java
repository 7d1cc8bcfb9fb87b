package dev.push3.auth.file.scheme;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A password as stored in the users file, decoded once when the file is read so that a
 * {@code LOGIN} only computes and compares.
 */
public final class StoredPassword {
    private final Cost cost;
    private final Predicate<byte[]> check;

    /**
     * Made by the scheme algorithms only.
     *
     * @param cost what one check costs; not null
     * @param check compares a candidate's UTF-8 bytes in constant time; not null
     */
    StoredPassword(Cost cost, Predicate<byte[]> check) {
        this.cost = Objects.requireNonNull(cost, "cost");
        this.check = Objects.requireNonNull(check, "check");
    }

    /**
     * Tells whether a password is the stored one. Compares in constant time.
     *
     * @param password the password's UTF-8 bytes; not null; not modified
     * @return true when it matches
     */
    public boolean matches(byte[] password) {
        return check.test(password);
    }

    /**
     * Returns what one {@link #matches} costs, from the scheme and the stored parameters.
     *
     * @return the cost; never null
     */
    public Cost cost() {
        return cost;
    }
}
