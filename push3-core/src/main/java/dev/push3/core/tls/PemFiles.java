package dev.push3.core.tls;

import dev.push3.api.ConfigException;
import dev.push3.api.support.ConfigFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads certificates and private keys from PEM files as certbot and openssl write them: a
 * certificate chain (leaf first), and a key in PKCS#8 ({@code PRIVATE KEY}), PKCS#1
 * ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}) form. BouncyCastle's PEM
 * parser reads them: the JDK 21 API reads none of the three from PEM.
 *
 * <p>Every error is a {@link ConfigException} naming the configuration key and the file.
 * Trust material (CA files) is read by {@link dev.push3.api.support.TrustMaterial}, as the
 * plugins read theirs.
 */
public final class PemFiles {
    private PemFiles() {
    }

    /**
     * Reads every certificate of a PEM file, in file order.
     *
     * @param file the file
     * @param key the configuration key that named it, for messages
     * @return the certificates, at least one
     * @throws ConfigException when the file is missing, unreadable or holds no certificate
     */
    public static List<X509Certificate> certificates(Path file, String key) {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object object : objects(file, key)) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    chain.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new ConfigException(key, "cannot read a certificate in " + file + ": " + e.getMessage(), e);
                }
            }
        }
        if (chain.isEmpty()) {
            throw new ConfigException(key, file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return List.copyOf(chain);
    }

    /**
     * Reads the one private key of a PEM file.
     *
     * @param file the file
     * @param key the configuration key that named it, for messages
     * @return the key
     * @throws ConfigException when the file is missing or unreadable, holds no key or an
     *     encrypted one
     */
    static PrivateKey privateKey(Path file, String key) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object object : objects(file, key)) {
            try {
                switch (object) {
                    case PrivateKeyInfo info -> {
                        return converter.getPrivateKey(info);
                    }
                    case PEMKeyPair pair -> {
                        // Only the private part: SEC1 makes the public key optional, and some writers omit it.
                        return converter.getPrivateKey(pair.getPrivateKeyInfo());
                    }
                    case PEMEncryptedKeyPair encrypted -> throw encrypted(file, key);
                    case PKCS8EncryptedPrivateKeyInfo encrypted -> throw encrypted(file, key);
                    default -> {
                        // a certificate or parameters next to the key: not the key
                    }
                }
            } catch (IOException e) {
                throw new ConfigException(key, "cannot read the private key in " + file + ": " + e.getMessage(), e);
            }
        }
        throw new ConfigException(key, file + " holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    private static ConfigException encrypted(Path file, String key) {
        return new ConfigException(key, file + " holds an encrypted private key; the server cannot ask for its"
                + " passphrase: write it unencrypted (openssl pkey -in KEY -out PLAIN) and restrict the file's permissions");
    }

    private static List<Object> objects(Path file, String key) {
        List<Object> objects = new ArrayList<>();
        byte[] content = ConfigFiles.read(file, key);
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException e) {
            throw new ConfigException(key, "cannot read " + file + ": " + ConfigException.reason(e), e);
        } catch (RuntimeException e) {
            throw new ConfigException(key, "cannot read " + file + ": " + e.getMessage(), e);
        }
        return objects;
    }
}
