package dev.push3.passwords.scheme;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The unsalted digests of old installations: {@code SHA}/{@code SHA1}, {@code SHA256},
 * {@code SHA512} (base64 by default), {@code PLAIN-MD5} (hex) and {@code LDAP-MD5} (base64),
 * with the JDK's {@link MessageDigest}. Weak: one digest, no salt, so equal passwords have
 * equal hashes and a stolen file falls to precomputed tables. Read without a suffix in either
 * hex or base64, told apart by length as Dovecot does.
 *
 * @param algorithm the JDK digest name, for example {@code SHA-1}
 * @param length the digest's length in bytes
 * @param written the encoding new secrets are written in
 */
record DigestAlgorithm(String algorithm, int length, Encoding written) implements SchemeAlgorithm {

    @Override
    public StoredPassword parse(String secret) throws MalformedHashException {
        byte[] stored;
        try {
            stored = Encoding.decodeGuessing(secret, length);
        } catch (MalformedHashException e) {
            throw new MalformedHashException("expected the " + length + "-byte " + algorithm
                    + " digest in base64 or hex (" + e.getMessage() + ")");
        }
        return StoredPassword.weak(new Cost(Cost.Family.DIGEST, 1),
                password -> MessageDigest.isEqual(stored, digest(algorithm, password)));
    }

    @Override
    public String generate(byte[] password, SecureRandom random) {
        return written.encode(digest(algorithm, password));
    }

    /**
     * Digests bytes with a JDK algorithm every JDK has.
     *
     * @param algorithm for example {@code MD5} or {@code SHA-256}; not null
     * @param parts the bytes, in order; not null
     * @return the digest; never null
     */
    static byte[] digest(String algorithm, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            for (byte[] part : parts) {
                md.update(part);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }
}
