package dev.push3.auth.file.scheme;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

/** {@code PLAIN}: the password itself. Only for tests and migration. */
record PlainAlgorithm() implements SchemeAlgorithm {

    @Override
    public StoredPassword parse(String secret) {
        byte[] stored = secret.getBytes(StandardCharsets.UTF_8);
        return password -> MessageDigest.isEqual(stored, password);
    }

    @Override
    public String generate(byte[] password, SecureRandom random) {
        return new String(password, StandardCharsets.UTF_8);
    }
}
