package dev.push3.passwords.scheme;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * {@code SHA512-CRYPT} ({@code $6$}) and {@code SHA256-CRYPT} ({@code $5$}): the SHA-crypt
 * of glibc, computed by commons-codec's {@link Sha2Crypt}. New hashes get a 16-character
 * salt and the default 5000 rounds, as {@code doveadm pw} writes them.
 *
 * @param id {@code 6} or {@code 5}
 */
record ShaCryptAlgorithm(char id) implements SchemeAlgorithm {
    private static final Pattern SHA512 =
            Pattern.compile("\\$6\\$(rounds=[1-9][0-9]{0,8}\\$)?[./0-9A-Za-z]{1,16}\\$[./0-9A-Za-z]{86}");
    private static final Pattern SHA256 =
            Pattern.compile("\\$5\\$(rounds=[1-9][0-9]{0,8}\\$)?[./0-9A-Za-z]{1,16}\\$[./0-9A-Za-z]{43}");

    private static final long DEFAULT_ROUNDS = 5000;
    private static final long MIN_ROUNDS = 1000;

    @Override
    public StoredPassword parse(String secret) throws MalformedHashException {
        Pattern form = id == '6' ? SHA512 : SHA256;
        Matcher m = form.matcher(secret);
        if (!m.matches()) {
            throw new MalformedHashException("expected $" + id + "$[rounds=N$]salt$hash");
        }
        byte[] stored = secret.getBytes(StandardCharsets.US_ASCII);
        return new StoredPassword(new Cost(Cost.Family.SHA_CRYPT, rounds(m.group(1))),
                password -> MessageDigest.isEqual(stored, crypt(password, secret).getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public String generate(byte[] password, SecureRandom random) {
        return crypt(password, "$" + id + "$" + Salts.cryptText(random, 16));
    }

    /** The rounds of a {@code rounds=N$} head, as glibc reads them: 5000 when absent, at least 1000. */
    private static long rounds(String head) {
        if (head == null) {
            return DEFAULT_ROUNDS;
        }
        return Math.max(MIN_ROUNDS, Long.parseLong(head.substring("rounds=".length(), head.length() - 1)));
    }

    /** The salt argument may be a whole stored hash: Sha2Crypt reads the salt and rounds from its head. */
    private String crypt(byte[] password, String salt) {
        return id == '6' ? Sha2Crypt.sha512Crypt(password, salt) : Sha2Crypt.sha256Crypt(password, salt);
    }
}
