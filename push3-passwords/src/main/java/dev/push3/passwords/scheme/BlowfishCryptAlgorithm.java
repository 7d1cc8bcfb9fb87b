package dev.push3.passwords.scheme;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * {@code BLF-CRYPT}: bcrypt as {@code $2y$}, {@code $2b$} or {@code $2a$}, computed by
 * Bouncy Castle's {@link OpenBSDBCrypt}. The hash is recomputed from the stored salt and
 * cost and compared with {@link MessageDigest#isEqual}. As everywhere bcrypt, only the
 * first 72 bytes of a password count.
 *
 * <p>New hashes are {@code $2y$} with cost {@value #NEW_COST} (2^12 rounds); doveadm's
 * default of 5 was set for the hardware of 2005.
 */
record BlowfishCryptAlgorithm() implements SchemeAlgorithm {
    /** The cost (log2 of the rounds) of new hashes. */
    static final int NEW_COST = 12;
    private static final Pattern FORM =
            Pattern.compile("\\$(2[aby])\\$([0-9]{2})\\$([./A-Za-z0-9]{22})[./A-Za-z0-9]{31}");
    private static final String BCRYPT_ALPHABET =
            "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String STANDARD_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    @Override
    public StoredPassword parse(String secret) throws MalformedHashException {
        Matcher m = FORM.matcher(secret);
        if (!m.matches()) {
            throw new MalformedHashException("expected $2y$NN$ followed by 53 characters of salt and hash");
        }
        String version = m.group(1);
        int cost = Integer.parseInt(m.group(2));
        if (cost < 4 || cost > 31) {
            throw new MalformedHashException("bcrypt cost must be between 04 and 31");
        }
        byte[] salt = decodeSalt(m.group(3));
        byte[] stored = secret.getBytes(StandardCharsets.US_ASCII);
        return new StoredPassword(new Cost(Cost.Family.BCRYPT, 1L << cost), password -> MessageDigest.isEqual(stored,
                OpenBSDBCrypt.generate(version, password, salt, cost).getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public String generate(byte[] password, SecureRandom random) {
        return OpenBSDBCrypt.generate("2y", password, Salts.bytes(random, 16), NEW_COST);
    }

    /** bcrypt writes base64 with its own alphabet; map it onto the standard one to decode. */
    private static byte[] decodeSalt(String text) {
        StringBuilder standard = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            standard.append(STANDARD_ALPHABET.charAt(BCRYPT_ALPHABET.indexOf(text.charAt(i))));
        }
        return Base64.getDecoder().decode(standard.toString());
    }
}
