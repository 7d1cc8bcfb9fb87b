package dev.push3.app.exporter;

import dev.push3.core.client.ClientTls;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One module of the modules file: how to log in to a probed server.
 *
 * @param name the module's name, as in {@code /probe?module=NAME}; not null
 * @param user the user to log in as; not null
 * @param password the password; not null, never shown by {@link #toString()}
 * @param tls how the connection is protected, and whether clear-text LOGIN is accepted off loopback; not null
 * @param timeout the longest a probe with this module may take; positive
 * @param targets the only targets this module may probe ({@code module.NAME.targets}), or empty
 *     when any may be, which lets any caller of {@code /probe} send the password where it likes
 */
public record ProbeModule(String name, String user, String password, ClientTls tls, Duration timeout,
        Optional<Set<Target>> targets) {
    /** Checks the parts. */
    public ProbeModule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tls, "tls");
        targets = targets.map(Set::copyOf);
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /**
     * Tells whether this module may probe a target.
     *
     * @param target the target; not null
     * @return true when the module lists it, or lists no targets
     */
    public boolean allows(Target target) {
        return targets.map(allowed -> allowed.contains(target)).orElse(true);
    }

    /** Returns the module without its password. */
    @Override
    public String toString() {
        return "ProbeModule[" + name + ", user " + user + ", tls " + tls.mode() + ", timeout " + timeout + "]";
    }
}
