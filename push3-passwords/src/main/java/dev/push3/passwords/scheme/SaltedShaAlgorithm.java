package dev.push3.passwords.scheme;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Predicate;

/**
 * {@code SSHA256} and {@code SSHA512}, and the weak {@code SSHA} (SHA-1) and {@code SMD5}:
 * base64 of {@code digest(password + salt) + salt}, with the JDK's digests. The salt is
 * whatever follows the digest; new hashes get 16 bytes (doveadm writes 4, and Dovecot reads
 * any length).
 *
 * @param algorithm the JDK digest name, for example {@code SHA-256}
 * @param digestLength the digest's length in bytes
 * @param weak whether Dovecot 2.4 calls the scheme weak (SHA-1 and MD5)
 */
record SaltedShaAlgorithm(String algorithm, int digestLength, boolean weak) implements SchemeAlgorithm {

    @Override
    public StoredPassword parse(String secret) throws MalformedHashException {
        byte[] raw;
        try {
            raw = Encoding.BASE64.decode(secret);
        } catch (MalformedHashException e) {
            throw new MalformedHashException("expected base64 of the " + algorithm + " digest followed by the salt");
        }
        if (raw.length <= digestLength) {
            throw new MalformedHashException("too short: expected base64 of the " + digestLength
                    + "-byte digest followed by at least one byte of salt");
        }
        byte[] digest = Arrays.copyOf(raw, digestLength);
        byte[] salt = Arrays.copyOfRange(raw, digestLength, raw.length);
        Cost cost = new Cost(Cost.Family.SALTED_SHA, 1);
        Predicate<byte[]> check =
                password -> MessageDigest.isEqual(digest, DigestAlgorithm.digest(algorithm, password, salt));
        return weak ? StoredPassword.weak(cost, check) : new StoredPassword(cost, check);
    }

    @Override
    public String generate(byte[] password, SecureRandom random) {
        byte[] salt = Salts.bytes(random, 16);
        byte[] digest = DigestAlgorithm.digest(algorithm, password, salt);
        byte[] raw = Arrays.copyOf(digest, digest.length + salt.length);
        System.arraycopy(salt, 0, raw, digest.length, salt.length);
        return Base64.getEncoder().encodeToString(raw);
    }
}
