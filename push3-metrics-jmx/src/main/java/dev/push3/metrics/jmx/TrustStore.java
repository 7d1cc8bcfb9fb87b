package dev.push3.metrics.jmx;

import dev.push3.api.ConfigException;
import dev.push3.api.support.TrustMaterial;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Certificates to trust besides the JVM's default ones, as set by {@code metrics.jmx.ssl.truststore*}:
 * a PEM file of CA certificates or a PKCS12 or JKS trust store, read by {@link TrustMaterial}
 * with the rules and messages of every Push3 TLS client.
 *
 * @param path the file
 * @param password the trust store's password, empty for none; never shown by {@link #toString()}
 */
record TrustStore(Path path, String password) {
    static final String KEY = JmxSettings.PREFIX + "ssl.truststore";
    static final String PASSWORD = KEY + ".password";
    /** Accepted for configurations written before the type was read from the file; ignored. */
    static final String TYPE = KEY + ".type";

    TrustStore {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(password, "password");
    }

    /**
     * Makes a TLS context that trusts the JVM's default certificates (the JDK's CAs, or
     * {@code javax.net.ssl.trustStore}) and this file's.
     *
     * @return the context
     * @throws ConfigException when the file cannot be read
     */
    SSLContext context() {
        TrustMaterial own = TrustMaterial.read(path, password.isEmpty() ? null : password.toCharArray(), KEY, PASSWORD);
        try {
            return own.plusJvmDefaults().clientContext();
        } catch (GeneralSecurityException e) {
            throw new ConfigException(KEY, "cannot make a TLS context trusting " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TrustStore[path=" + path + ", password=***]";
    }
}
