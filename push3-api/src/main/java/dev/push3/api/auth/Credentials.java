package dev.push3.api.auth;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A user name and password as sent in {@code LOGIN user pass}, and the address of the
 * Push3 client that sent them.
 *
 * <p>{@link #toString()} never shows the password, so a {@code Credentials} may be passed
 * to a logger or an exception message by mistake without leaking it.
 *
 * <p>The client address lets a backend that delegates the check to another server tell
 * that server who the real client is (for example Dovecot's {@code XCLIENT}), so that its
 * own per-address penalties hit the guesser, not every user of Push3.
 *
 * @param user the user name: printable ASCII without spaces; not null, not empty
 * @param password the password: UTF-8 text without control characters, may contain spaces
 *     (docs/PROTOCOL.md, decision 3); not null, may be empty
 * @param client the remote address and port of the Push3 connection; not null, empty when
 *     unknown (an embedder checking credentials outside a connection)
 */
public record Credentials(String user, String password, Optional<InetSocketAddress> client) {
    /** Checks the components. */
    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(client, "client");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("user must not be empty");
        }
    }

    /**
     * Credentials without a known client address.
     *
     * @param user the user name; not null, not empty
     * @param password the password; not null
     */
    public Credentials(String user, String password) {
        this(user, password, Optional.empty());
    }

    /** Shows the user name and client only. */
    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=***, client=" + client.map(Object::toString).orElse("unknown") + "]";
    }
}
