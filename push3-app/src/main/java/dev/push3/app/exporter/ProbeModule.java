package dev.push3.app.exporter;

import dev.push3.core.client.ClientTls;
import java.time.Duration;
import java.util.Objects;

/**
 * One module of the modules file: how to log in to a probed server.
 *
 * @param name the module's name, as in {@code /probe?module=NAME}; not null
 * @param user the user to log in as; not null
 * @param password the password; not null, never shown by {@link #toString()}
 * @param tls how the connection is protected, and whether clear-text LOGIN is accepted off loopback; not null
 * @param timeout the longest a probe with this module may take; positive
 */
public record ProbeModule(String name, String user, String password, ClientTls tls, Duration timeout) {
    /** Checks the parts. */
    public ProbeModule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tls, "tls");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /** Returns the module without its password. */
    @Override
    public String toString() {
        return "ProbeModule[" + name + ", user " + user + ", tls " + tls.mode() + ", timeout " + timeout + "]";
    }
}
