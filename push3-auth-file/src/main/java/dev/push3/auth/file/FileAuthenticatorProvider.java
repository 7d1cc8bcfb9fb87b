package dev.push3.auth.file;

import dev.push3.api.PluginConfig;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.AuthenticatorProvider;
import java.util.Set;

/**
 * The authenticator {@code file}: checks {@code LOGIN} against a Dovecot-style passwd-file
 * named by {@code auth.file.path}.
 */
public final class FileAuthenticatorProvider implements AuthenticatorProvider {
    /** The name {@code auth.backend} selects this backend by. */
    public static final String NAME = "file";

    /** Creates the provider; does no work. */
    public FileAuthenticatorProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> configKeys() {
        return FileAuthSettings.KEYS;
    }

    @Override
    public Authenticator create(PluginConfig config) {
        return FileAuthenticator.open(FileAuthSettings.from(config));
    }
}
