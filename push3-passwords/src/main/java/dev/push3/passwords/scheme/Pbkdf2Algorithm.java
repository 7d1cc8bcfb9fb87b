package dev.push3.passwords.scheme;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * {@code PBKDF2} in Dovecot's form {@code $1$salt$rounds$hex}: PBKDF2 with HMAC-SHA1, a
 * 20-byte key, the salt's text used as its bytes; computed by Bouncy Castle's
 * {@link PKCS5S2ParametersGenerator}. New hashes use Dovecot's 16-character salt and 5000
 * rounds.
 */
record Pbkdf2Algorithm() implements SchemeAlgorithm {
    private static final Pattern FORM = Pattern.compile("\\$1\\$([^$]+)\\$([1-9][0-9]{0,8})\\$([0-9a-fA-F]{40})");
    private static final int KEY_BITS = 160;
    private static final int NEW_ROUNDS = 5000;

    @Override
    public StoredPassword parse(String secret) throws MalformedHashException {
        Matcher m = FORM.matcher(secret);
        if (!m.matches()) {
            throw new MalformedHashException("expected $1$salt$rounds$ followed by 40 hex digits");
        }
        byte[] salt = m.group(1).getBytes(StandardCharsets.UTF_8);
        int rounds = Integer.parseInt(m.group(2));
        byte[] stored = HexFormat.of().parseHex(m.group(3));
        return new StoredPassword(new Cost(Cost.Family.PBKDF2, rounds),
                password -> MessageDigest.isEqual(stored, derive(password, salt, rounds)));
    }

    @Override
    public String generate(byte[] password, SecureRandom random) {
        String salt = Salts.cryptText(random, 16);
        byte[] key = derive(password, salt.getBytes(StandardCharsets.US_ASCII), NEW_ROUNDS);
        return "$1$" + salt + "$" + NEW_ROUNDS + "$" + HexFormat.of().formatHex(key);
    }

    private static byte[] derive(byte[] password, byte[] salt, int rounds) {
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA1Digest());
        generator.init(password, salt, rounds);
        return ((KeyParameter) generator.generateDerivedMacParameters(KEY_BITS)).getKey();
    }
}
