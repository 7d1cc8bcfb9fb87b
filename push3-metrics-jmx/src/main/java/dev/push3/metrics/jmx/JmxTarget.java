package dev.push3.metrics.jmx;

import java.util.Objects;
import java.util.Optional;
import javax.management.remote.JMXServiceURL;

/** Where the MBeans are read: this JVM's platform MBean server, or a remote JMX connector. */
sealed interface JmxTarget {

    /** Describes the target for log lines and error messages; never contains a secret. */
    String describe();

    /** The platform MBean server of the JVM Push3 runs in ({@code metrics.jmx.url} unset). */
    record Platform() implements JmxTarget {
        @Override
        public String describe() {
            return "the platform MBean server";
        }
    }

    /**
     * A remote JMX connector.
     *
     * @param url the connector's address
     * @param credentials the user and password, when the agent requires authentication
     * @param tls how to use TLS, when the agent requires it
     */
    record Remote(JMXServiceURL url, Optional<Credentials> credentials, Optional<Tls> tls) implements JmxTarget {
        public Remote {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(tls, "tls");
        }

        @Override
        public String describe() {
            return url + credentials.map(c -> " as user '" + c.user() + "'").orElse("");
        }
    }

    /**
     * A JMX user and password.
     *
     * @param user the user
     * @param password the password; never shown by {@link #toString()}
     */
    record Credentials(String user, String password) {
        public Credentials {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=***]";
        }
    }

    /**
     * TLS for a remote connector.
     *
     * @param registry whether the RMI registry lookup uses TLS too
     *     ({@code com.sun.management.jmxremote.registry.ssl=true} on the agent)
     * @param trustStore the store of the certificates to trust beyond the JVM's default ones
     */
    record Tls(boolean registry, Optional<TrustStore> trustStore) {
        public Tls {
            Objects.requireNonNull(trustStore, "trustStore");
        }
    }
}
