package dev.push3.core.server;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A real, in-memory authenticator for tests, whose backend can be switched off. */
final class UsersAuthenticator implements Authenticator {
    private final Map<String, String> users;
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicBoolean closed = new AtomicBoolean();
    /** How many checks have begun, for tests that wait until one is under way. */
    final AtomicInteger checks = new AtomicInteger();

    UsersAuthenticator(Map<String, String> users) {
        this.users = Map.copyOf(users);
    }

    @Override
    public AuthOutcome authenticate(Credentials credentials) {
        checks.incrementAndGet();
        if (down.get()) {
            return AuthOutcome.unavailable("test backend switched off");
        }
        String expected = users.get(credentials.user());
        if (expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                credentials.password().getBytes(StandardCharsets.UTF_8))) {
            return AuthOutcome.accepted(credentials.user());
        }
        return AuthOutcome.rejected();
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
