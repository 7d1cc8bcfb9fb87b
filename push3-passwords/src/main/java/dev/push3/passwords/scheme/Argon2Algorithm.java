package dev.push3.passwords.scheme;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * {@code ARGON2ID} and {@code ARGON2I} in the PHC string form libsodium and Dovecot write,
 * {@code $argon2id$v=19$m=65536,t=3,p=1$salt$hash}, computed by Bouncy Castle's
 * {@link Argon2BytesGenerator}. New hashes use the parameters {@code doveadm pw} uses (for
 * Argon2id 64 MiB and 3 passes, for Argon2i 32 MiB and 4 passes; one lane, a 16-byte salt
 * and a 32-byte hash), so Dovecot and Push3 spend the same on them.
 *
 * @param type {@link Argon2Parameters#ARGON2_id} or {@link Argon2Parameters#ARGON2_i}
 * @param newMemoryKib the memory of new hashes, in KiB
 * @param newIterations the passes of new hashes
 */
record Argon2Algorithm(int type, int newMemoryKib, int newIterations) implements SchemeAlgorithm {
    private static final Pattern FORM = Pattern.compile(
            "\\$(argon2id|argon2i)\\$(?:v=(16|19)\\$)?m=([0-9]{1,10}),t=([0-9]{1,10}),p=([0-9]{1,3})"
                    + "\\$([A-Za-z0-9+/]{11,})\\$([A-Za-z0-9+/]{6,})");
    /** 4 GiB in KiB: more would not fit the heap anyway, and a typo should not take the server down. */
    private static final long MAX_MEMORY_KIB = 4L * 1024 * 1024;
    private static final int NEW_PARALLELISM = 1;

    private String name() {
        return type == Argon2Parameters.ARGON2_id ? "argon2id" : "argon2i";
    }

    @Override
    public StoredPassword parse(String secret) throws MalformedHashException {
        Matcher m = FORM.matcher(secret);
        if (!m.matches() || !m.group(1).equals(name())) {
            throw new MalformedHashException("expected $" + name() + "$v=19$m=KIB,t=PASSES,p=LANES$salt$hash");
        }
        int version = m.group(2) == null ? Argon2Parameters.ARGON2_VERSION_10 : Integer.parseInt(m.group(2));
        long memory = Long.parseLong(m.group(3));
        long iterations = Long.parseLong(m.group(4));
        int lanes = Integer.parseInt(m.group(5));
        if (lanes < 1 || memory < 8L * lanes || memory > MAX_MEMORY_KIB || iterations < 1
                || iterations > Integer.MAX_VALUE) {
            throw new MalformedHashException("Argon2 parameters out of range (need p >= 1, 8*p <= m <= "
                    + MAX_MEMORY_KIB + ", t >= 1)");
        }
        Argon2Parameters parameters = new Argon2Parameters.Builder(type)
                .withVersion(version)
                .withMemoryAsKB((int) memory)
                .withIterations((int) iterations)
                .withParallelism(lanes)
                .withSalt(Base64.getDecoder().decode(m.group(6)))
                .build();
        byte[] stored = Base64.getDecoder().decode(m.group(7));
        return StoredPassword.memoryHard(new Cost(Cost.Family.ARGON2, memory * iterations), memory * 1024,
                password -> MessageDigest.isEqual(stored, derive(parameters, password, stored.length)));
    }

    @Override
    public String generate(byte[] password, SecureRandom random) {
        byte[] salt = Salts.bytes(random, 16);
        Argon2Parameters parameters = new Argon2Parameters.Builder(type)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(newMemoryKib)
                .withIterations(newIterations)
                .withParallelism(NEW_PARALLELISM)
                .withSalt(salt)
                .build();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$" + name() + "$v=19$m=" + newMemoryKib + ",t=" + newIterations + ",p=" + NEW_PARALLELISM
                + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derive(parameters, password, 32));
    }

    private static byte[] derive(Argon2Parameters parameters, byte[] password, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }
}
