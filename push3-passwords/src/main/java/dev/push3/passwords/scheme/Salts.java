package dev.push3.passwords.scheme;

import java.security.SecureRandom;

/** Random salts in the forms the schemes write them. */
final class Salts {
    /** The alphabet of crypt(3) salts, which Dovecot also uses for PBKDF2 salts. */
    private static final String CRYPT_ALPHABET =
            "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Salts() {
    }

    static String cryptText(SecureRandom random, int length) {
        StringBuilder salt = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            salt.append(CRYPT_ALPHABET.charAt(random.nextInt(CRYPT_ALPHABET.length())));
        }
        return salt.toString();
    }

    static byte[] bytes(SecureRandom random, int length) {
        byte[] salt = new byte[length];
        random.nextBytes(salt);
        return salt;
    }
}
