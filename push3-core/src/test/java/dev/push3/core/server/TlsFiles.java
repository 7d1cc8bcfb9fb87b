package dev.push3.core.server;

import dev.push3.core.tls.TlsSettings;
import dev.push3.testkit.OpenSsl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made at test time with the openssl command, as an operator would: a test CA,
 * a server certificate for {@code localhost} only (no IP address), and a client
 * certificate for mutual TLS, all signed by the CA. PEM files, plus the client's pair as
 * PKCS#12 for the JDK.
 *
 * @param dir where the files are
 */
record TlsFiles(Path dir) {
    static final String CLIENT_PASSWORD = "changeit";

    static TlsFiles create(Path dir) throws IOException, InterruptedException {
        OpenSsl.testCa(dir);
        OpenSsl.ecKey(dir, "key.pem");
        OpenSsl.signed(dir, "key.pem", "cert.pem", "localhost", "subjectAltName=DNS:localhost");
        OpenSsl.ecKey(dir, "client-key.pem");
        OpenSsl.signed(dir, "client-key.pem", "client.pem", "operator", "extendedKeyUsage=clientAuth");
        OpenSsl.run(dir, "pkcs12", "-export", "-in", "client.pem", "-inkey", "client-key.pem",
                "-passout", "pass:" + CLIENT_PASSWORD, "-out", "client.p12");
        return new TlsFiles(dir);
    }

    Path ca() {
        return dir.resolve("ca.pem");
    }

    Path certificate() {
        return dir.resolve("cert.pem");
    }

    Path key() {
        return dir.resolve("key.pem");
    }

    /** Server TLS with this certificate and key, no client certificates, files checked every 100 ms. */
    TlsSettings settings(boolean required) {
        return new TlsSettings(Optional.of(certificate()), Optional.of(key()), OptionalInt.empty(), required,
                TlsSettings.ClientAuth.NONE, Optional.empty(), Duration.ofMillis(100));
    }

    /** As {@link #settings}, with the implicit-TLS listener on a free port. */
    TlsSettings implicitSettings() {
        TlsSettings plain = settings(false);
        return new TlsSettings(plain.certificate(), plain.privateKey(), OptionalInt.of(0), false,
                TlsSettings.ClientAuth.NONE, Optional.empty(), plain.checkInterval());
    }

    /** A client context trusting the test CA, with or without the client certificate. */
    SSLContext clientContext(boolean withCertificate) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(ca())) {
            Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
            trusted.setCertificateEntry("ca", ca);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManagerFactory keys = null;
        if (withCertificate) {
            KeyStore client = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve("client.p12"))) {
                client.load(in, CLIENT_PASSWORD.toCharArray());
            }
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(client, CLIENT_PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
