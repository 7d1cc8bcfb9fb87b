package dev.push3.core.tls;

import dev.push3.api.ConfigException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate chain and private key the server presents, read from PEM files and
 * replaced when the files change, without a restart and without touching sessions: a
 * handshake uses the pair that was current when it started.
 *
 * <p>A new pair is checked as at start-up (the key matches the certificate, the certificate
 * is valid now); a bad one is logged once and the old pair stays. A pair written in two
 * steps (certificate, then key) is picked up once both are there.
 *
 * <p>Thread-safe: JSSE calls the key manager methods from any handshaking thread;
 * {@link #reloadIfChanged()} runs on the server's checker thread.
 */
final class ServerCertificate extends X509ExtendedKeyManager {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCertificate.class);
    private static final String ALIAS = "push3-";

    /** The files' state, to tell a change without reading them. */
    private record Stamp(Instant certModified, long certSize, Instant keyModified, long keySize) {
    }

    /** One pair; its alias names its generation, so a handshake never mixes two pairs. */
    private record Pair(List<X509Certificate> chain, PrivateKey key, Stamp stamp, String alias) {
        X509Certificate leaf() {
            return chain.getFirst();
        }

        Pair next(Pair read) {
            long generation = Long.parseLong(alias.substring(ALIAS.length())) + 1;
            return new Pair(read.chain, read.key, read.stamp, ALIAS + generation);
        }
    }

    private Path certificateFile;
    private Path keyFile;
    private volatile Pair current;
    /** The pair before the current one: a handshake that chose its alias just before a reload finds it. */
    private volatile Pair previous;
    private Stamp lastRefused;

    private ServerCertificate(Path certificateFile, Path keyFile, Pair current) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.current = current;
    }

    /**
     * Reads the pair at start-up.
     *
     * @param certificateFile the PEM certificate chain, leaf first
     * @param keyFile the PEM private key of the leaf
     * @return the loaded pair
     * @throws ConfigException naming the key and file: missing or unreadable file, a key that
     *     does not match the certificate, a certificate expired or not yet valid
     */
    static ServerCertificate load(Path certificateFile, Path keyFile) {
        return new ServerCertificate(certificateFile, keyFile, read(certificateFile, keyFile));
    }

    /**
     * Serves another pair of files from now on ({@code server.tls.cert} and {@code server.tls.key}
     * changed at run time): read and checked as at start-up; open sessions keep theirs.
     *
     * @param newCertificateFile the PEM certificate chain, leaf first
     * @param newKeyFile the PEM private key of the leaf
     * @throws ConfigException as {@link #load}; then the old pair stays
     */
    synchronized void use(Path newCertificateFile, Path newKeyFile) {
        Pair pair = current.next(read(newCertificateFile, newKeyFile));
        certificateFile = newCertificateFile;
        keyFile = newKeyFile;
        previous = current;
        current = pair;
        lastRefused = null;
        LOG.info("TLS certificate now from {}: {}, valid until {}", certificateFile,
                pair.leaf().getSubjectX500Principal().getName(), pair.leaf().getNotAfter().toInstant());
    }

    /**
     * Reads the files again if they changed since the pair in use (or since a refused one)
     * was read.
     *
     * @return true when a new pair is now in use
     */
    synchronized boolean reloadIfChanged() {
        Stamp stamp;
        try {
            stamp = stamp(certificateFile, keyFile);
        } catch (IOException e) {
            return refuse(null, "cannot read the files: " + ConfigException.reason(e)
                    + (e instanceof FileSystemException f ? " (" + f.getFile() + ")" : ""));
        }
        if (stamp.equals(current.stamp()) || stamp.equals(lastRefused)) {
            return false;
        }
        try {
            Pair pair = current.next(read(certificateFile, keyFile));
            previous = current;
            current = pair;
            lastRefused = null;
            LOG.info("TLS certificate reloaded from {}: {}, valid until {}", certificateFile,
                    pair.leaf().getSubjectX500Principal().getName(), pair.leaf().getNotAfter().toInstant());
            return true;
        } catch (ConfigException e) {
            return refuse(stamp, e.getMessage());
        }
    }

    private boolean refuse(Stamp stamp, String why) {
        if (stamp == null || !stamp.equals(lastRefused)) {
            LOG.warn("New TLS certificate or key refused, still serving the one valid until {}: {}",
                    current.leaf().getNotAfter().toInstant(), why.replaceAll("[\\r\\n]+", " "));
        }
        lastRefused = stamp;
        return false;
    }

    /**
     * Returns when the certificate in use expires.
     *
     * @return the leaf certificate's notAfter
     */
    Instant notAfter() {
        return current.leaf().getNotAfter().toInstant();
    }

    private static Pair read(Path certificateFile, Path keyFile) {
        Stamp stamp;
        try {
            stamp = stamp(certificateFile, keyFile);
        } catch (IOException e) {
            throw new ConfigException(Files.exists(certificateFile) ? TlsSettings.KEY : TlsSettings.CERT,
                    "cannot read " + (Files.exists(certificateFile) ? keyFile : certificateFile) + ": " + ConfigException.reason(e), e);
        }
        List<X509Certificate> chain = PemFiles.certificates(certificateFile, TlsSettings.CERT);
        PrivateKey key = PemFiles.privateKey(keyFile, TlsSettings.KEY);
        X509Certificate leaf = chain.getFirst();
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new ConfigException(TlsSettings.CERT, "the certificate in " + certificateFile + " expired on "
                    + leaf.getNotAfter().toInstant(), e);
        } catch (CertificateNotYetValidException e) {
            throw new ConfigException(TlsSettings.CERT, "the certificate in " + certificateFile + " is not valid before "
                    + leaf.getNotBefore().toInstant(), e);
        }
        if (!matches(key, leaf)) {
            throw new ConfigException(TlsSettings.KEY, "the key in " + keyFile + " does not match the certificate in "
                    + certificateFile);
        }
        return new Pair(chain, key, stamp, ALIAS + 0);
    }

    /** Signs a probe with the key and verifies it with the certificate: works for RSA, EC and EdDSA alike. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())
                && !(algorithm.startsWith("Ed") && certificate.getPublicKey().getAlgorithm().startsWith("Ed"))) {
            return false;
        }
        byte[] probe = "push3 key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Stamp stamp(Path certificateFile, Path keyFile) throws IOException {
        return new Stamp(Files.getLastModifiedTime(certificateFile).toInstant(), Files.size(certificateFile),
                Files.getLastModifiedTime(keyFile).toInstant(), Files.size(keyFile));
    }

    // X509ExtendedKeyManager: one alias, the pair in use.

    private String alias(String keyType) {
        Pair pair = current;
        return Objects.equals(keyType, pair.key().getAlgorithm()) ? pair.alias() : null;
    }

    private Pair pair(String alias) {
        Pair now = current;
        if (now.alias().equals(alias)) {
            return now;
        }
        Pair before = previous;
        return before != null && before.alias().equals(alias) ? before : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = alias(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Pair pair = pair(alias);
        return pair == null ? null : pair.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Pair pair = pair(alias);
        return pair == null ? null : pair.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    /** How long until the certificate in use expires, negative once it has. */
    Duration timeLeft() {
        return Duration.between(Instant.now(), notAfter());
    }
}
