package dev.push3.passwords.scheme;

import java.util.Comparator;

/**
 * What checking one stored password costs, to tell the dearest entry of a users file: the
 * kind of function first, then its work parameter within that kind.
 *
 * @param family the kind of function; not null
 * @param work the work parameter, comparable only within a family (rounds, 2^cost, KiB times passes)
 */
public record Cost(Family family, long work) implements Comparable<Cost> {
    private static final Comparator<Cost> ORDER = Comparator.comparing(Cost::family).thenComparingLong(Cost::work);

    /** The kinds of password function, cheapest first: the one place that orders the schemes by cost. */
    public enum Family {
        /** One SHA-256 of the clear text, as Push3 compares {@code PLAIN}. */
        PLAIN,
        /** One unsalted digest, or CRAM-MD5's two MD5 blocks. */
        DIGEST,
        /** One salted digest (SHA-1, SHA-256, SHA-512, MD5). */
        SALTED_SHA,
        /** MD5-crypt, work = its fixed 1000 rounds. */
        MD5_CRYPT,
        /** glibc SHA-crypt, work = rounds. */
        SHA_CRYPT,
        /** PBKDF2-HMAC-SHA1, and SCRAM's PBKDF2 with SHA-1 or SHA-256; work = iterations. */
        PBKDF2,
        /** bcrypt, work = 2^cost. */
        BCRYPT,
        /** Argon2, work = memory in KiB times passes. */
        ARGON2
    }

    @Override
    public int compareTo(Cost other) {
        return ORDER.compare(this, other);
    }
}
