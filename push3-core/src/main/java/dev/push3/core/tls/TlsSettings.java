package dev.push3.core.tls;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The TLS settings of the server, validated once.
 *
 * @param certificate the PEM certificate chain served (leaf first); empty when TLS is off
 * @param privateKey the PEM private key of the leaf; present exactly when {@code certificate} is
 * @param implicitPort the port of the implicit-TLS listener (as POP3S, RFC 8314); empty for none
 * @param required whether LOGIN is refused before TLS
 * @param clientAuth whether clients are asked for a certificate
 * @param clientCa the PEM certificates client certificates must chain to; present exactly
 *     when {@code clientAuth} is not {@link ClientAuth#NONE}
 * @param checkInterval how often the certificate and key files are checked for a change
 */
public record TlsSettings(
        Optional<Path> certificate,
        Optional<Path> privateKey,
        OptionalInt implicitPort,
        boolean required,
        ClientAuth clientAuth,
        Optional<Path> clientCa,
        Duration checkInterval) {

    /** Whether the server asks a client for its certificate ({@code server.tls.client-auth}). */
    public enum ClientAuth {
        /** Never asks. */
        NONE,
        /** Asks; a client without one is still served. */
        WANT,
        /** Asks, and refuses the handshake without one. */
        NEED
    }

    public static final String CERT = "server.tls.cert";
    public static final String KEY = "server.tls.key";
    public static final String PORT = "server.tls.port";
    public static final String REQUIRED = "server.tls.required";
    public static final String CLIENT_AUTH = "server.tls.client-auth";
    public static final String CLIENT_CA = "server.tls.client-ca";
    public static final String CHECK_INTERVAL = "server.tls.check-interval";
    /** The keys {@link #fromConfig} reads. */
    public static final Set<String> KEYS = Set.of(CERT, KEY, PORT, REQUIRED, CLIENT_AUTH, CLIENT_CA, CHECK_INTERVAL);
    /** Default of {@code server.tls.check-interval}. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMinutes(1);

    /** Checks that the parts fit together; messages name the key. */
    public TlsSettings {
        if (certificate.isPresent() != privateKey.isPresent()) {
            // Name the key that is set: that is the line the operator wrote.
            throw new ConfigException(certificate.isPresent() ? CERT : KEY, "needs "
                    + (certificate.isPresent() ? KEY : CERT) + " too");
        }
        if (certificate.isEmpty() && implicitPort.isPresent()) {
            throw new ConfigException(PORT, "needs " + CERT + " and " + KEY);
        }
        if (certificate.isEmpty() && clientAuth != ClientAuth.NONE) {
            throw new ConfigException(CLIENT_AUTH, "needs " + CERT + " and " + KEY);
        }
        if (clientCa.isPresent() != (clientAuth != ClientAuth.NONE)) {
            throw new ConfigException(clientCa.isPresent() ? CLIENT_CA : CLIENT_AUTH,
                    CLIENT_AUTH + "=want or need and " + CLIENT_CA + " go together");
        }
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new ConfigException(CHECK_INTERVAL, "must be more than 0s");
        }
    }

    /**
     * TLS off: no certificate, nothing required.
     *
     * @return the settings of a server without TLS
     */
    public static TlsSettings off() {
        return new TlsSettings(Optional.empty(), Optional.empty(), OptionalInt.empty(), false, ClientAuth.NONE,
                Optional.empty(), DEFAULT_CHECK_INTERVAL);
    }

    /**
     * Reads the {@code server.tls.*} keys.
     *
     * <p>{@code server.tls.required} defaults to true unless {@code bind} is a loopback
     * address: a password must not cross a network in clear text. Required without a
     * certificate is an error that says so.
     *
     * @param config the configuration
     * @param bind the address the server listens on
     * @return the settings
     * @throws ConfigException naming the key of a wrong value
     */
    public static TlsSettings fromConfig(PluginConfig config, InetAddress bind) {
        Optional<Path> certificate = config.path(CERT);
        boolean required = config.flag(REQUIRED, !bind.isLoopbackAddress());
        if (required && certificate.isEmpty()) {
            throw new ConfigException(REQUIRED, "LOGIN must be protected by TLS"
                    + (config.get(REQUIRED).isPresent() ? "" : " on " + bind.getHostAddress() + ", which is not a loopback address")
                    + ": set " + CERT + " and " + KEY + " (or " + REQUIRED + "=false on a network you trust)");
        }
        Optional<Integer> port = config.get(PORT).map(p -> config.integer(PORT, 0, 0, 65_535));
        return new TlsSettings(certificate, config.path(KEY),
                port.map(OptionalInt::of).orElseGet(OptionalInt::empty), required, clientAuth(config),
                config.path(CLIENT_CA), config.duration(CHECK_INTERVAL, DEFAULT_CHECK_INTERVAL));
    }

    /**
     * Tells whether the server offers TLS at all.
     *
     * @return true when a certificate is configured
     */
    public boolean enabled() {
        return certificate.isPresent();
    }

    private static ClientAuth clientAuth(PluginConfig config) {
        String value = config.get(CLIENT_AUTH, "none");
        try {
            return ClientAuth.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(CLIENT_AUTH, "must be none, want or need, was '" + value + "'", e);
        }
    }
}
