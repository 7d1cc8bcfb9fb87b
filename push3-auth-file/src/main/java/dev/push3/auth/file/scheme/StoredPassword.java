package dev.push3.auth.file.scheme;

/**
 * A password as stored in the users file, decoded once when the file is read so that a
 * {@code LOGIN} only computes and compares.
 */
@FunctionalInterface
public interface StoredPassword {

    /**
     * Tells whether a password is the stored one. Compares in constant time.
     *
     * @param password the password's UTF-8 bytes; not null; not modified
     * @return true when it matches
     */
    boolean matches(byte[] password);
}
