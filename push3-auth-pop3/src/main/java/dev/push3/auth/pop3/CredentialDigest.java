package dev.push3.auth.pop3;

import dev.push3.api.auth.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key for a user name and password that can be held in memory without holding the
 * password: HMAC-SHA256 under a random key made at start-up and never stored, so neither
 * the password nor an unsalted hash of it is kept. Immutable and thread-safe.
 */
final class CredentialDigest {
    private final SecretKeySpec key;

    /** Makes a digest with a fresh random key. */
    CredentialDigest() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /**
     * Returns the key of these credentials' user name and password (the client address
     * plays no part).
     *
     * @param credentials the credentials; not null
     * @return base64 of the HMAC; never null
     */
    String of(Credentials credentials) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(credentials.user().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(credentials.password().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
