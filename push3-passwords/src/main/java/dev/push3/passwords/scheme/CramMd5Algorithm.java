package dev.push3.passwords.scheme;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.MD5Digest;

/**
 * {@code CRAM-MD5} (also {@code HMAC-MD5}): what Dovecot stores so that it can answer the
 * CRAM-MD5 SASL mechanism, the two MD5 states of HMAC-MD5 keyed with the password after its
 * first block (outer pad, then inner pad; each as four little-endian 32-bit words), 32 bytes
 * in hex by default. Weak: one MD5 block, no salt. The states are read from Bouncy Castle's
 * {@link MD5Digest}, whose encoded state holds them.
 */
record CramMd5Algorithm() implements SchemeAlgorithm {
    private static final int BLOCK = 64;
    private static final int RAW_LENGTH = 32;
    /** Where {@link MD5Digest#getEncodedState()} keeps H1..H4, as big-endian words. */
    private static final int STATE_OFFSET = 16;

    @Override
    public StoredPassword parse(String secret) throws MalformedHashException {
        byte[] stored;
        try {
            stored = Encoding.decodeGuessing(secret, RAW_LENGTH);
        } catch (MalformedHashException e) {
            throw new MalformedHashException("expected the 32-byte HMAC-MD5 context in hex or base64 ("
                    + e.getMessage() + ")");
        }
        return StoredPassword.weak(new Cost(Cost.Family.DIGEST, 1),
                password -> MessageDigest.isEqual(stored, context(password)));
    }

    @Override
    public String generate(byte[] password, SecureRandom random) {
        return Encoding.HEX.encode(context(password));
    }

    /** The HMAC-MD5 key schedule of RFC 2104, stopped after each pad's block. */
    private static byte[] context(byte[] password) {
        byte[] key = password.length > BLOCK ? DigestAlgorithm.digest("MD5", password) : password;
        byte[] context = new byte[RAW_LENGTH];
        padState(key, (byte) 0x5c, context, 0);
        padState(key, (byte) 0x36, context, 16);
        return context;
    }

    private static void padState(byte[] key, byte pad, byte[] out, int at) {
        byte[] block = Arrays.copyOf(key, BLOCK);
        for (int i = 0; i < BLOCK; i++) {
            block[i] ^= pad;
        }
        MD5Digest md5 = new MD5Digest();
        md5.update(block, 0, BLOCK);
        byte[] state = md5.getEncodedState();
        for (int word = 0; word < 4; word++) {
            for (int b = 0; b < 4; b++) {
                out[at + word * 4 + b] = state[STATE_OFFSET + word * 4 + 3 - b];
            }
        }
        Arrays.fill(block, (byte) 0);
    }
}
