package dev.push3.passwords.scheme;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a stored secret is written after its {@code {SCHEME}} prefix, as Dovecot's
 * {@code password_encoding}: as it is, in base64, or in hex. Every scheme has a default
 * encoding; a suffix on the scheme's name ({@code {SHA512-CRYPT.B64}}, {@code .BASE64},
 * {@code .HEX}) says that this line uses another one.
 */
public enum Encoding {
    /** The secret as it is (the crypt forms, PLAIN, Argon2, PBKDF2, SCRAM). */
    NONE,
    /** Base64 with padding, as Dovecot requires it; suffixes {@code .B64} and {@code .BASE64}. */
    BASE64("B64", "BASE64"),
    /** Hexadecimal digits, either case; suffix {@code .HEX}. */
    HEX("HEX");

    private final List<String> suffixes;

    Encoding(String... suffixes) {
        this.suffixes = List.of(suffixes);
    }

    /**
     * Finds the encoding a scheme-name suffix names.
     *
     * @param suffix the text after the last {@code .}, in any case; not null
     * @return the encoding, or empty when Dovecot knows no such suffix
     */
    static Optional<Encoding> ofSuffix(String suffix) {
        String upper = suffix.toUpperCase(Locale.ROOT);
        for (Encoding encoding : values()) {
            if (encoding.suffixes.contains(upper)) {
                return Optional.of(encoding);
            }
        }
        return Optional.empty();
    }

    /**
     * Decodes a secret written in this encoding.
     *
     * @param text the secret; not null
     * @return its bytes (UTF-8 for {@link #NONE}); never null
     * @throws MalformedHashException when the text is not in this encoding; the message never quotes it
     */
    byte[] decode(String text) throws MalformedHashException {
        try {
            return switch (this) {
                case NONE -> text.getBytes(StandardCharsets.UTF_8);
                case BASE64 -> {
                    // Dovecot refuses base64 without its padding; so does Push3, to agree on every line.
                    if (text.length() % 4 != 0) {
                        throw new IllegalArgumentException("unpadded");
                    }
                    yield Base64.getDecoder().decode(text);
                }
                case HEX -> HexFormat.of().parseHex(text);
            };
        } catch (IllegalArgumentException e) {
            throw new MalformedHashException("not valid " + (this == HEX ? "hex" : "base64 (with padding)"));
        }
    }

    /**
     * Decodes the secret of a scheme whose raw form has a fixed length and which is written
     * without a suffix, as Dovecot does: hex when the text is twice the raw length, else
     * base64 (so {@code {PLAIN-MD5}} reads LDAP-MD5's base64, and {@code {SHA}} hex).
     *
     * @param text the secret; not null
     * @param rawLength the length the decoded secret must have
     * @return the raw secret; never null
     * @throws MalformedHashException when the text is neither, or decodes to another length
     */
    static byte[] decodeGuessing(String text, int rawLength) throws MalformedHashException {
        byte[] raw;
        if (text.length() == rawLength * 2) {
            try {
                raw = HEX.decode(text);
            } catch (MalformedHashException e) {
                // Some lengths are both; Dovecot falls back to base64 as well.
                raw = BASE64.decode(text);
            }
        } else {
            raw = BASE64.decode(text);
        }
        return requireLength(raw, rawLength);
    }

    /**
     * Checks the length of a decoded secret.
     *
     * @param raw the decoded secret; not null
     * @param rawLength the length it must have
     * @return {@code raw}
     * @throws MalformedHashException when the length differs
     */
    static byte[] requireLength(byte[] raw, int rawLength) throws MalformedHashException {
        if (raw.length != rawLength) {
            throw new MalformedHashException("decodes to " + raw.length + " bytes instead of " + rawLength);
        }
        return raw;
    }

    /**
     * Writes bytes in this encoding.
     *
     * @param raw the bytes; not null
     * @return the text (for {@link #NONE}, the bytes read as UTF-8); never null
     */
    String encode(byte[] raw) {
        return switch (this) {
            case NONE -> new String(raw, StandardCharsets.UTF_8);
            case BASE64 -> Base64.getEncoder().encodeToString(raw);
            case HEX -> HexFormat.of().formatHex(raw);
        };
    }
}
