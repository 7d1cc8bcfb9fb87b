package dev.push3.testkit.dovecot;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed server certificate made at test time, naming only {@code DNS:localhost}
 * (no IP address), so that connecting to {@code 127.0.0.1} is a host-name mismatch.
 *
 * @param certificate the certificate
 * @param keys its key pair
 */
public record TestCertificate(X509Certificate certificate, KeyPair keys) {

    /**
     * Makes a certificate for {@code localhost}, valid for a day.
     *
     * @return the certificate; never null
     */
    public static TestCertificate forLocalhost() {
        try {
            // RSA: OpenSSL 3 in the Dovecot image cannot parse the JDK's PKCS#8 encoding of EC keys.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=localhost");
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))),
                    name, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new TestCertificate(certificate, keys);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the test certificate", e);
        }
    }

    /**
     * Returns the certificate in PEM.
     *
     * @return the PEM text
     */
    public String certificatePem() {
        return pem(certificate);
    }

    /**
     * Returns the private key in PEM.
     *
     * @return the PEM text
     */
    public String privateKeyPem() {
        return pem(keys.getPrivate());
    }

    /**
     * Writes a PKCS12 trust store holding the certificate.
     *
     * @param file where to write
     * @param password the store's password
     * @return the file
     * @throws IOException when the file cannot be written
     * @throws GeneralSecurityException when the store cannot be made
     */
    public Path writePkcs12TrustStore(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("pop3", certificate);
        try (var out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }
}
