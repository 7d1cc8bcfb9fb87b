package dev.push3.passwords.scheme;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * {@code PLAIN}: the password itself. For tests and migration only. Both sides are reduced
 * to SHA-256 before the constant-time comparison, so that not even the stored password's
 * length shows in the time a check takes.
 */
record PlainAlgorithm() implements SchemeAlgorithm {

    @Override
    public StoredPassword parse(String secret) {
        byte[] stored = DigestAlgorithm.digest("SHA-256", secret.getBytes(StandardCharsets.UTF_8));
        return new StoredPassword(new Cost(Cost.Family.PLAIN, 1),
                password -> MessageDigest.isEqual(stored, DigestAlgorithm.digest("SHA-256", password)));
    }

    @Override
    public String generate(byte[] password, SecureRandom random) {
        return new String(password, StandardCharsets.UTF_8);
    }
}
