package dev.push3.metrics.jmx;

import dev.push3.api.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A key store of certificates to trust, as set by {@code metrics.jmx.ssl.truststore*}.
 *
 * @param path the key store file
 * @param type its type, for example {@code PKCS12}
 * @param password its password; never shown by {@link #toString()}
 */
record TrustStore(Path path, String type, String password) {
    static final String KEY = JmxSettings.PREFIX + "ssl.truststore";

    TrustStore {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(password, "password");
    }

    /**
     * Makes a TLS context that trusts the JVM's default certificates (the JDK's CAs, or
     * {@code javax.net.ssl.trustStore}) and this store's.
     *
     * @return the context
     * @throws ConfigException when the store cannot be read
     */
    SSLContext context() {
        try {
            KeyStore merged = KeyStore.getInstance("PKCS12");
            merged.load(null, null); // an empty in-memory store: no I/O
            int n = 0;
            for (X509Certificate ca : defaultTrustManager().getAcceptedIssuers()) {
                merged.setCertificateEntry("default-" + n++, ca);
            }
            KeyStore own = load();
            for (String alias : Collections.list(own.aliases())) {
                if (own.getCertificate(alias) != null) {
                    merged.setCertificateEntry("own-" + alias, own.getCertificate(alias));
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(merged);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(KEY, "cannot make a TLS context of " + path + ": " + e.getMessage(), e);
        }
    }

    private KeyStore load() throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException e) {
            throw new ConfigException(KEY, "cannot read " + path + " as a " + type + " key store (" + ConfigException.reason(e)
                    + "); check the path, " + KEY + ".type and " + KEY + ".password", e);
        }
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JVM has no default X.509 trust manager");
    }

    @Override
    public String toString() {
        return "TrustStore[path=" + path + ", type=" + type + ", password=***]";
    }
}
