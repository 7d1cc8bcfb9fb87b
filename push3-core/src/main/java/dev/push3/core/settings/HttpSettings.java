package dev.push3.core.settings;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.core.tls.TlsSettings;
import java.net.InetAddress;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The Prometheus endpoint ({@code GET /metrics}): off unless {@code http.port} is set.
 *
 * <p>It serves HTTPS with the server's certificate when {@code server.tls.cert} is set, plain
 * HTTP otherwise; its users log in with HTTP basic authentication, so plain HTTP is refused
 * off loopback, by the rule of {@code server.tls.required} for LOGIN.
 *
 * @param port the TCP port, 0 for any free port; empty when the endpoint is off
 * @param bind the address to listen on; loopback by default, as {@code server.bind}
 * @param maxRequests requests served at once; one more is answered 503 at once
 */
public record HttpSettings(OptionalInt port, InetAddress bind, int maxRequests) {
    /** The port key; unset means no endpoint. */
    public static final String PORT = "http.port";
    /** The address key. */
    public static final String BIND = "http.bind";
    /** The concurrency key. */
    public static final String MAX_REQUESTS = "http.max-requests";
    /** The keys {@link #fromConfig} reads. */
    public static final Set<String> KEYS = Set.of(PORT, BIND, MAX_REQUESTS);
    /** Default of {@code http.max-requests}: Prometheus scrapes one request at a time per target. */
    public static final int DEFAULT_MAX_REQUESTS = 4;

    /** Checks the limits; messages name the key. */
    public HttpSettings {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(bind, "bind");
        if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65_535)) {
            throw new ConfigException(PORT, "must be between 0 and 65535, was " + port.getAsInt());
        }
        if (maxRequests < 1) {
            throw new ConfigException(MAX_REQUESTS, "must be at least 1, was " + maxRequests);
        }
    }

    /**
     * No endpoint.
     *
     * @return the settings of a server without {@code /metrics}
     */
    public static HttpSettings off() {
        return new HttpSettings(OptionalInt.empty(), InetAddress.getLoopbackAddress(), DEFAULT_MAX_REQUESTS);
    }

    /**
     * An endpoint on a loopback port, for tests and embedders.
     *
     * @param port the port, 0 for any free one
     * @return the settings
     */
    public static HttpSettings loopback(int port) {
        return new HttpSettings(OptionalInt.of(port), InetAddress.getLoopbackAddress(), DEFAULT_MAX_REQUESTS);
    }

    /**
     * Reads the {@code http.*} keys.
     *
     * <p>Without a certificate the endpoint speaks plain HTTP, where basic authentication
     * sends the password in clear text: on an address that is not loopback that is refused
     * unless {@code server.tls.required=false} is set, as for LOGIN.
     *
     * @param config the configuration
     * @param tls the server's TLS settings: a certificate makes the endpoint HTTPS
     * @return the settings
     * @throws ConfigException naming the key of a wrong value
     */
    public static HttpSettings fromConfig(PluginConfig config, TlsSettings tls) {
        InetAddress bind = ServerSettings.address(BIND, config.get(BIND, "127.0.0.1"));
        OptionalInt port = config.get(PORT).isPresent()
                ? OptionalInt.of(config.integer(PORT, 0, 0, 65_535)) : OptionalInt.empty();
        boolean required = config.flag(TlsSettings.REQUIRED, !bind.isLoopbackAddress());
        if (port.isPresent() && required && !tls.enabled()) {
            throw new ConfigException(BIND, "HTTP basic authentication must be protected by TLS"
                    + (config.get(TlsSettings.REQUIRED).isPresent() ? ""
                            : " on " + bind.getHostAddress() + ", which is not a loopback address")
                    + ": set " + TlsSettings.CERT + " and " + TlsSettings.KEY + " (or " + TlsSettings.REQUIRED
                    + "=false on a network you trust)");
        }
        return new HttpSettings(port, bind, config.integer(MAX_REQUESTS, DEFAULT_MAX_REQUESTS, 1, Integer.MAX_VALUE));
    }

    /**
     * Tells whether the endpoint runs.
     *
     * @return true when {@code http.port} is set
     */
    public boolean enabled() {
        return port.isPresent();
    }
}
