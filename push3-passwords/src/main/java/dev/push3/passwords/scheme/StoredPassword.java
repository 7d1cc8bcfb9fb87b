package dev.push3.passwords.scheme;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A password as stored in the users file, decoded so that a {@code LOGIN} only computes and
 * compares. Immutable and safe for concurrent use.
 */
public final class StoredPassword {
    private final Cost cost;
    private final long memoryBytes;
    private final boolean weak;
    private final Predicate<byte[]> check;

    private StoredPassword(Cost cost, long memoryBytes, boolean weak, Predicate<byte[]> check) {
        this.cost = Objects.requireNonNull(cost, "cost");
        this.memoryBytes = memoryBytes;
        this.weak = weak;
        this.check = Objects.requireNonNull(check, "check");
    }

    /**
     * A password in a strong scheme whose check needs no memory worth counting.
     *
     * @param cost what one check costs; not null
     * @param check compares a candidate's UTF-8 bytes in constant time; not null
     */
    StoredPassword(Cost cost, Predicate<byte[]> check) {
        this(cost, 0, false, check);
    }

    /**
     * A password whose check allocates memory, such as Argon2's.
     *
     * @param cost what one check costs; not null
     * @param memoryBytes what one check allocates, in bytes; at least 0
     * @param check compares a candidate's UTF-8 bytes in constant time; not null
     * @return the password; never null
     */
    static StoredPassword memoryHard(Cost cost, long memoryBytes, Predicate<byte[]> check) {
        return new StoredPassword(cost, memoryBytes, false, check);
    }

    /**
     * A password in a scheme Dovecot 2.4 calls weak (refused unless {@code auth_allow_weak_schemes}).
     *
     * @param cost what one check costs; not null
     * @param check compares a candidate's UTF-8 bytes in constant time; not null
     * @return the password; never null
     */
    static StoredPassword weak(Cost cost, Predicate<byte[]> check) {
        return new StoredPassword(cost, 0, true, check);
    }

    /**
     * Tells whether a password is the stored one. Compares in constant time. CPU-bound;
     * may allocate {@link #memoryBytes()}.
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

    /**
     * Returns the memory one {@link #matches} allocates while it runs (Argon2's {@code m}
     * parameter); 0 for schemes whose need is a few KiB at most.
     *
     * @return bytes, at least 0
     */
    public long memoryBytes() {
        return memoryBytes;
    }

    /**
     * Tells whether the hash is of a weak kind (unsalted or fast digests, MD5-crypt), which
     * is refused unless {@code auth.file.allow-weak-schemes} is set.
     *
     * @return true when weak
     */
    public boolean weak() {
        return weak;
    }
}
