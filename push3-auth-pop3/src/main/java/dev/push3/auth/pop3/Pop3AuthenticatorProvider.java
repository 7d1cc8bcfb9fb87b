package dev.push3.auth.pop3;

import dev.push3.api.PluginConfig;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.AuthenticatorProvider;
import java.time.InstantSource;
import java.util.Set;

/**
 * The {@code pop3} authenticator backend ({@code auth.backend=pop3}): a {@code LOGIN} is
 * accepted when the same user name and password log in to a POP3 server. Settings are the
 * {@code auth.pop3.*} keys, documented in {@code docs/CONFIGURATION.md}.
 */
public final class Pop3AuthenticatorProvider implements AuthenticatorProvider {
    /** The name this backend is selected by. */
    public static final String NAME = "pop3";

    /** Creates the provider; does no work (see {@link #create}). */
    public Pop3AuthenticatorProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Reads the {@code auth.pop3.*} keys and creates the authenticator. Does not contact
     * the server: a server that is down at start-up only makes logins unavailable.
     */
    @Override
    public Set<String> configKeys() {
        return Pop3Settings.KEYS;
    }

    @Override
    public Authenticator create(PluginConfig config) {
        Pop3Settings settings = Pop3Settings.from(config);
        return new Pop3Authenticator(settings, TlsClient.from(config), InstantSource.system());
    }
}
