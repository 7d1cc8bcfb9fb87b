package dev.push3.metrics.openmetrics;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import java.io.IOException;

/**
 * Checks a Push3 LOGIN with one POP3 USER/PASS against Dovecot. A test stand-in for the
 * {@code pop3} authenticator (module push3-auth-pop3), which is not on main yet: like it,
 * every LOGIN becomes one real Dovecot login, so Dovecot's own counters see each one.
 */
final class DovecotPop3Authenticator implements Authenticator {
    private final int port;

    DovecotPop3Authenticator(int port) {
        this.port = port;
    }

    @Override
    public AuthOutcome authenticate(Credentials credentials) {
        try {
            return Pop3Login.login(port, credentials.user(), credentials.password())
                    ? AuthOutcome.accepted(credentials.user()) : AuthOutcome.rejected();
        } catch (IOException | IllegalStateException e) {
            return AuthOutcome.unavailable("Dovecot POP3 on port " + port + ": " + e.getMessage());
        }
    }
}
