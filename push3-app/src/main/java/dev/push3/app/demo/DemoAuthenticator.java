package dev.push3.app.demo;

import dev.push3.api.ProviderName;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * One in-memory user, {@value #USER}, with a random password made at start-up, so that a
 * fresh install can be tried without writing a users file. There is never a default
 * password: the one made here is shown once, on the terminal, and lives only in memory.
 */
public final class DemoAuthenticator implements Authenticator {
    /** The demo user's name. */
    public static final String USER = "demo";
    /** The provider name the demo authenticator reports in metrics. */
    public static final String NAME = ProviderName.DEMO;

    private final byte[] password;

    private DemoAuthenticator(byte[] password) {
        this.password = password;
    }

    /**
     * Creates the demo user with a fresh random password.
     *
     * @return the authenticator; never null
     */
    public static DemoAuthenticator withRandomPassword() {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return new DemoAuthenticator(HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Returns the password, to be shown once to the operator who started the demo.
     *
     * @return the password; never null
     */
    public String password() {
        return new String(password, StandardCharsets.US_ASCII);
    }

    @Override
    public AuthOutcome authenticate(Credentials credentials) {
        boolean passwordMatches = MessageDigest.isEqual(password, credentials.password().getBytes(StandardCharsets.UTF_8));
        return passwordMatches && USER.equals(credentials.user()) ? AuthOutcome.accepted(USER) : AuthOutcome.rejected();
    }
}
