package dev.push3.example.auth.staticusers;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.AuthenticatorProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The provider of the authenticator {@value #NAME}, selected with {@code auth.backend=static}.
 * ServiceLoader creates it with the no-argument constructor, which does nothing; the work
 * is in {@link #create}, called once at start-up.
 */
public final class StaticAuthenticatorProvider implements AuthenticatorProvider {
    /** The name users select this authenticator by. */
    public static final String NAME = "static";
    /** The key listing the users: {@code user:password} entries separated by commas. */
    public static final String USERS = "auth.static.users";

    /** Creates the provider; ServiceLoader calls this. */
    public StaticAuthenticatorProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Declaring its one key lets Push3 refuse a mistyped {@code auth.static.*} key at start-up. */
    @Override
    public Set<String> configKeys() {
        return Set.of(USERS);
    }

    @Override
    public Authenticator create(PluginConfig config) {
        return new StaticAuthenticator(users(config.list(USERS)));
    }

    /** Errors name the entry by position or user, never by its text: it may hold a password. */
    private static Map<String, String> users(List<String> entries) {
        if (entries.isEmpty()) {
            throw new ConfigException(USERS, "no users; set it to user:password entries separated by commas, "
                    + "for example " + USERS + "=alice:secret");
        }
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new ConfigException(USERS, "entry " + (i + 1) + " is not user:password with both parts non-empty");
            }
            String user = entry.substring(0, colon);
            if (users.putIfAbsent(user, entry.substring(colon + 1)) != null) {
                throw new ConfigException(USERS, "user '" + user + "' is listed twice");
            }
        }
        return users;
    }
}
