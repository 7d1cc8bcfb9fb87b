package dev.push3.api.support;

import dev.push3.api.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The certificates a TLS client trusts, read from one file by one set of rules: a PEM file of
 * CA certificates (as openssl and certbot write them), or a PKCS12 or JKS trust store, told
 * apart by their content, not by a name or a type setting. Push3's client ({@code --cafile}),
 * its server's client-certificate check and the plugins' TLS clients all read trust this way,
 * so a file that works for one works for all, and a file that does not gets the same message.
 *
 * <p>Every error while reading is a {@link ConfigException} naming the configuration key (or
 * option) and the file, and saying what would work; a password never appears in it.
 * Immutable and thread-safe.
 *
 * @param certificates the trusted certificates, at least one; not null
 */
public record TrustMaterial(List<X509Certificate> certificates) {
    private static final String PEM_START = "-----BEGIN ";

    /**
     * Checks and copies the certificates.
     *
     * @throws IllegalArgumentException when there is none
     */
    public TrustMaterial {
        certificates = List.copyOf(certificates);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no certificate to trust");
        }
    }

    /**
     * Reads a PEM file, or a trust store without a password.
     *
     * @param file the file; not null
     * @param key the configuration key or option that named it, for messages; not null
     * @return the certificates; never null
     * @throws ConfigException when the file is missing, unreadable or holds no certificate
     */
    public static TrustMaterial read(Path file, String key) {
        return read(file, null, key, null);
    }

    /**
     * Reads a PEM file of CA certificates, or a PKCS12 or JKS trust store with its password.
     *
     * @param file the file; not null
     * @param password the trust store's password; null for none (a PEM file needs none)
     * @param key the configuration key that named the file, for messages; not null
     * @param passwordKey the key of the password, for messages; null when there is none
     * @return the certificates; never null
     * @throws ConfigException when the file is missing, unreadable, or holds no certificate
     */
    public static TrustMaterial read(Path file, char @Nullable [] password, String key, @Nullable String passwordKey) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        byte[] content = ConfigFiles.read(file, key);
        // PEM may follow text (openssl x509 -text writes it first); a binary store has no such line.
        return new String(content, StandardCharsets.ISO_8859_1).contains(PEM_START)
                ? new TrustMaterial(pem(content, file, key))
                : new TrustMaterial(store(file, password, key, passwordKey));
    }

    private static List<X509Certificate> pem(byte[] content, Path file, String key) {
        List<X509Certificate> found = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(content)) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                found.add((X509Certificate) certificate);
            }
        } catch (IOException | CertificateException e) {
            throw new ConfigException(key, "cannot read a certificate in " + file + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new ConfigException(key, file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return found;
    }

    private static List<X509Certificate> store(Path file, char @Nullable [] password, String key,
            @Nullable String passwordKey) {
        List<X509Certificate> found = new ArrayList<>();
        try {
            KeyStore store = KeyStore.getInstance(file.toFile(), password); // PKCS12 or JKS, by content
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                    found.add(certificate);
                }
            }
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException(key, "cannot read " + file + " as a PEM file, a PKCS12 or a JKS trust store ("
                    + e.getMessage() + "); give a PEM file of CA certificates, or a PKCS12 or JKS trust store"
                    + (passwordKey == null ? "" : " and its password in " + passwordKey), e);
        }
        if (found.isEmpty()) {
            throw new ConfigException(key, file + " holds no certificate to trust");
        }
        return found;
    }

    /**
     * Adds the JVM's default trusted certificates (the JDK's CAs, or those of
     * {@code javax.net.ssl.trustStore}), for a client that trusts a file besides them.
     *
     * @return the certificates of this and of the JVM's default; never null
     * @throws GeneralSecurityException when this JVM has no default X.509 trust manager
     */
    public TrustMaterial plusJvmDefaults() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        List<X509Certificate> all = new ArrayList<>(certificates);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                all.addAll(Arrays.asList(x509.getAcceptedIssuers()));
                return new TrustMaterial(all);
            }
        }
        throw new GeneralSecurityException("the JVM has no default X.509 trust manager");
    }

    /**
     * Makes trust managers that trust exactly these certificates.
     *
     * @return the trust managers; never null
     * @throws GeneralSecurityException when this JVM has no PKCS12 key store or default
     *     trust manager type
     */
    public TrustManager[] trustManagers() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e); // an empty in-memory store reads nothing
        }
        int n = 0;
        for (X509Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + n++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    /**
     * Makes a TLS client context of its own that trusts exactly these certificates; nothing
     * JVM-wide changes.
     *
     * @return the context; never null
     * @throws GeneralSecurityException when this JVM cannot make a TLS context
     */
    public SSLContext clientContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers(), null);
        return context;
    }
}
