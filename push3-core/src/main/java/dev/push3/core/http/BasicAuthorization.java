package dev.push3.core.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The credentials of an HTTP {@code Authorization: Basic ...} header (RFC 7617), read as UTF-8.
 *
 * @param user the user id, before the first colon; not empty
 * @param password the password, after it; not shown by {@link #toString()}
 */
record BasicAuthorization(String user, String password) {
    private static final String SCHEME = "basic ";

    /**
     * Reads the header.
     *
     * @param header the {@code Authorization} header; null when the request had none
     * @return the credentials; empty when there is no header, another scheme, bad Base64,
     *     invalid UTF-8, no colon or an empty user
     */
    static Optional<BasicAuthorization> parse(@Nullable String header) {
        if (header == null || header.length() <= SCHEME.length()
                || !header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Optional.empty();
        }
        String decoded;
        try {
            byte[] bytes = Base64.getDecoder().decode(header.substring(SCHEME.length()).strip());
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new BasicAuthorization(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    /** @return the user only */
    @Override
    public String toString() {
        return "BasicAuthorization[user=" + user + ", password=***]";
    }
}
