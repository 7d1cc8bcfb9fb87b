package dev.push3.passwords.scheme;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * {@code SCRAM-SHA-1} and {@code SCRAM-SHA-256}: the stored key of RFC 5802/7677 in Dovecot's
 * form {@code iterations,salt,StoredKey,ServerKey} (base64 fields). A password matches when
 * {@code H(HMAC(Hi(password, salt, i), "Client Key"))} is the StoredKey; Hi is PBKDF2 with
 * HMAC-H, from Bouncy Castle. Dovecot refuses fewer than 4096 iterations, and so does Push3;
 * new hashes use 4096 and a 16-byte salt, as {@code doveadm pw} does.
 *
 * @param digest makes a fresh digest, SHA-1 or SHA-256
 * @param length the digest's length in bytes
 */
record ScramAlgorithm(Supplier<Digest> digest, int length) implements SchemeAlgorithm {
    private static final Pattern FORM =
            Pattern.compile("([0-9]{1,10}),([A-Za-z0-9+/=]+),([A-Za-z0-9+/=]+),([A-Za-z0-9+/=]+)");
    private static final int MIN_ITERATIONS = 4096;
    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

    @Override
    public StoredPassword parse(String secret) throws MalformedHashException {
        Matcher m = FORM.matcher(secret);
        if (!m.matches()) {
            throw new MalformedHashException("expected iterations,salt,StoredKey,ServerKey (base64 fields)");
        }
        long iterations = Long.parseLong(m.group(1));
        if (iterations < MIN_ITERATIONS || iterations > Integer.MAX_VALUE) {
            throw new MalformedHashException("SCRAM iterations must be between " + MIN_ITERATIONS + " and "
                    + Integer.MAX_VALUE);
        }
        byte[] salt = Encoding.BASE64.decode(m.group(2));
        byte[] storedKey = Encoding.requireLength(Encoding.BASE64.decode(m.group(3)), length);
        Encoding.requireLength(Encoding.BASE64.decode(m.group(4)), length);
        int rounds = (int) iterations;
        return new StoredPassword(new Cost(Cost.Family.PBKDF2, rounds),
                password -> MessageDigest.isEqual(storedKey, storedKey(saltedPassword(password, salt, rounds))));
    }

    @Override
    public String generate(byte[] password, SecureRandom random) {
        byte[] salt = Salts.bytes(random, 16);
        byte[] salted = saltedPassword(password, salt, MIN_ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder();
        return MIN_ITERATIONS + "," + b64.encodeToString(salt) + "," + b64.encodeToString(storedKey(salted)) + ","
                + b64.encodeToString(hmac(salted, SERVER_KEY));
    }

    private byte[] saltedPassword(byte[] password, byte[] salt, int iterations) {
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(digest.get());
        generator.init(password, salt, iterations);
        return ((KeyParameter) generator.generateDerivedMacParameters(length * 8)).getKey();
    }

    private byte[] storedKey(byte[] saltedPassword) {
        Digest h = digest.get();
        byte[] clientKey = hmac(saltedPassword, CLIENT_KEY);
        h.update(clientKey, 0, clientKey.length);
        byte[] out = new byte[length];
        h.doFinal(out, 0);
        return out;
    }

    private byte[] hmac(byte[] key, byte[] message) {
        HMac mac = new HMac(digest.get());
        mac.init(new KeyParameter(key));
        mac.update(message, 0, message.length);
        byte[] out = new byte[length];
        mac.doFinal(out, 0);
        return out;
    }
}
