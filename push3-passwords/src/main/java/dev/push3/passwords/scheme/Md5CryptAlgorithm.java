package dev.push3.passwords.scheme;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Md5Crypt;

/**
 * {@code MD5-CRYPT}, {@code $1$salt$hash}: the MD5-based crypt of FreeBSD and glibc (1000
 * fixed rounds), computed by commons-codec's {@link Md5Crypt}. Weak: PostfixAdmin wrote it
 * by default for years, and a GPU tries billions of such hashes a second.
 */
record Md5CryptAlgorithm() implements SchemeAlgorithm {
    private static final Pattern FORM = Pattern.compile("\\$1\\$[./0-9A-Za-z]{1,8}\\$[./0-9A-Za-z]{22}");
    /** The fixed rounds of MD5-crypt, for comparing costs. */
    private static final long ROUNDS = 1000;

    @Override
    public StoredPassword parse(String secret) throws MalformedHashException {
        if (!FORM.matcher(secret).matches()) {
            throw new MalformedHashException("expected $1$salt$hash with up to 8 characters of salt");
        }
        byte[] stored = secret.getBytes(StandardCharsets.US_ASCII);
        // Md5Crypt reads the salt from the head of a whole stored hash.
        return StoredPassword.weak(new Cost(Cost.Family.MD5_CRYPT, ROUNDS), password -> MessageDigest.isEqual(stored,
                Md5Crypt.md5Crypt(password, secret).getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public String generate(byte[] password, SecureRandom random) {
        return Md5Crypt.md5Crypt(password, "$1$" + Salts.cryptText(random, 8));
    }
}
