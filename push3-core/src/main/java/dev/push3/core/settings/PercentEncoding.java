package dev.push3.core.settings;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The percent-encoding of {@code CONFIG} values (RFC 3986 section 2.1 style): in a reply a
 * value's space, {@code %}, {@code =} and every octet outside printable ASCII become
 * {@code %XX} of their UTF-8 octets, so {@code key=value} pairs split on space and on the
 * first {@code =}; a value sent in a request is decoded the same way.
 */
public final class PercentEncoding {
    /** Why {@code CONFIG key } (an empty value) is refused; the server and the client say the same. */
    public static final String EMPTY_VALUE = "a CONFIG value cannot be empty; to unset a key, remove it from the"
            + " configuration file and reload";

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private PercentEncoding() {
    }

    /**
     * Encodes a value for a reply.
     *
     * @param value any text; not null
     * @return printable ASCII without space or {@code =}; never null
     */
    public static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte octet : value.getBytes(StandardCharsets.UTF_8)) {
            int c = octet & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%' && c != '=') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX.toHexDigits((byte) c));
            }
        }
        return out.toString();
    }

    /**
     * Decodes a value sent in a request.
     *
     * @param value the argument as sent; not null
     * @return the value; empty when a {@code %} is not followed by two hex digits or the
     *     octets are not UTF-8
     */
    public static Optional<String> decode(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (i + 2 >= value.length() || !HexFormat.isHexDigit(value.charAt(i + 1)) || !HexFormat.isHexDigit(value.charAt(i + 2))) {
                return Optional.empty();
            }
            out.write(HexFormat.fromHexDigits(value, i + 1, i + 3));
            i += 2;
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
