package dev.push3.example.auth.staticusers;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.api.metrics.MetricsSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks LOGIN against a fixed set of users held in memory.
 *
 * <p>Passwords are compared as SHA-256 digests with {@link MessageDigest#isEqual}, which
 * takes the same time whatever the input: neither the length of a password nor the
 * position of its first wrong character shows in the reply time. An unknown user is
 * compared against a decoy digest, so that it takes as long as a known one.
 *
 * <p>Immutable after construction, so safe for the concurrent calls the server makes from
 * one virtual thread per session.
 */
final class StaticAuthenticator implements Authenticator {
    private static final byte[] DECOY = sha256("not a password: unknown users are compared with this");

    private final Map<String, byte[]> digests = new HashMap<>();

    /**
     * Creates the authenticator.
     *
     * @param users password by user name; not empty
     */
    StaticAuthenticator(Map<String, String> users) {
        users.forEach((user, password) -> digests.put(user, sha256(password)));
    }

    @Override
    public AuthOutcome authenticate(Credentials credentials) {
        byte[] expected = digests.getOrDefault(credentials.user(), DECOY);
        boolean matches = MessageDigest.isEqual(expected, sha256(credentials.password()));
        return matches && expected != DECOY ? AuthOutcome.accepted(credentials.user()) : AuthOutcome.rejected();
    }

    /** The server adds requests, outcomes and latency itself; a plugin adds what only it knows. */
    @Override
    public MetricsSnapshot metrics() {
        return MetricsSnapshot.builder().put("push3.auth.static.users", digests.size()).build();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
