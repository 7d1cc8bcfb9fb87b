package dev.push3.auth.file.scheme;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * {@code SSHA256} and {@code SSHA512}: base64 of {@code digest(password + salt) + salt},
 * with the JDK's SHA-2. The salt is whatever follows the digest; new hashes get 16 bytes
 * (doveadm writes 4, and Dovecot reads any length).
 *
 * @param algorithm the JDK digest name, {@code SHA-256} or {@code SHA-512}
 * @param digestLength the digest's length in bytes
 */
record SaltedShaAlgorithm(String algorithm, int digestLength) implements SchemeAlgorithm {

    @Override
    public StoredPassword parse(String secret) throws MalformedHashException {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(secret);
        } catch (IllegalArgumentException e) {
            throw new MalformedHashException("expected base64 of the " + algorithm + " digest followed by the salt");
        }
        if (raw.length <= digestLength) {
            throw new MalformedHashException("too short: expected base64 of the " + digestLength
                    + "-byte digest followed by at least one byte of salt");
        }
        byte[] digest = Arrays.copyOf(raw, digestLength);
        byte[] salt = Arrays.copyOfRange(raw, digestLength, raw.length);
        return new StoredPassword(new Cost(Cost.Family.SALTED_SHA, 1),
                password -> MessageDigest.isEqual(digest, digest(password, salt)));
    }

    @Override
    public String generate(byte[] password, SecureRandom random) {
        byte[] salt = Salts.bytes(random, 16);
        byte[] digest = digest(password, salt);
        byte[] raw = Arrays.copyOf(digest, digest.length + salt.length);
        System.arraycopy(salt, 0, raw, digest.length, salt.length);
        return Base64.getEncoder().encodeToString(raw);
    }

    private byte[] digest(byte[] password, byte[] salt) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            md.update(password);
            md.update(salt);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }
}
