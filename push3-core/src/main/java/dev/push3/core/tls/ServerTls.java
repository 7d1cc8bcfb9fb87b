package dev.push3.core.tls;

import dev.push3.api.ConfigException;
import dev.push3.api.support.TrustMaterial;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of TLS: turns an accepted connection into a TLS one, for STLS (RFC 2595)
 * and for the implicit-TLS listener (RFC 8314), with the same parameters for both.
 *
 * <p>Only TLS 1.3 and 1.2 are enabled; under 1.2 only suites with forward secrecy (ECDHE)
 * and authenticated encryption (AES-GCM, ChaCha20-Poly1305), as Mozilla's "intermediate"
 * configuration. The context is built once with this class's own key and trust managers;
 * nothing JVM-wide is changed.
 *
 * <p>Lifecycle: {@link #start} reads the certificate and key and starts a daemon thread that
 * checks the files every {@link TlsSettings#checkInterval()}; {@link #close()} stops it.
 */
public final class ServerTls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLContext context;
    private final SSLParameters parameters;
    private final ServerCertificate certificate;
    private final ScheduledExecutorService checker;

    private ServerTls(SSLContext context, SSLParameters parameters, ServerCertificate certificate,
            ScheduledExecutorService checker) {
        this.context = context;
        this.parameters = parameters;
        this.certificate = certificate;
        this.checker = checker;
    }

    /**
     * Reads the certificate, key and client CA, and starts watching the first two.
     *
     * @param settings TLS settings with a certificate ({@link TlsSettings#enabled()})
     * @return the running TLS side
     * @throws ConfigException naming the key and file of anything that cannot be used
     * @throws IllegalArgumentException when TLS is not enabled in {@code settings}
     */
    public static ServerTls start(TlsSettings settings) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("TLS is not configured");
        }
        ServerCertificate certificate = ServerCertificate.load(settings.certificate().orElseThrow(),
                settings.privateKey().orElseThrow());
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {certificate}, trustManagers(settings), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make a TLS context", e);
        }
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
        parameters.setCipherSuites(Arrays.stream(context.getSupportedSSLParameters().getCipherSuites())
                .filter(ServerTls::strong).toArray(String[]::new));
        parameters.setUseCipherSuitesOrder(true);
        switch (settings.clientAuth()) {
            case NEED -> parameters.setNeedClientAuth(true);
            case WANT -> parameters.setWantClientAuth(true);
            case NONE -> parameters.setNeedClientAuth(false);
        }
        ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("push3-tls-files").daemon().factory());
        long every = settings.checkInterval().toMillis();
        checker.scheduleWithFixedDelay(certificate::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
        LOG.info("TLS certificate from {}, valid until {}", settings.certificate().orElseThrow(), certificate.notAfter());
        return new ServerTls(context, parameters, certificate, checker);
    }

    /** TLS 1.3's suites are all AEAD with forward secrecy; under 1.2 keep ECDHE with GCM or ChaCha20. */
    static boolean strong(String suite) {
        if (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")) {
            return true;
        }
        return suite.startsWith("TLS_ECDHE_") && (suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_"));
    }

    /**
     * Layers TLS over a connection, as the server side, without starting the handshake:
     * the first read or write of the returned socket starts it. Closing the returned socket
     * closes {@code plain}.
     *
     * @param plain the accepted connection; bytes it already read are discarded (STLS must
     *     not let a client inject commands before the handshake)
     * @return the TLS socket
     * @throws IOException when the connection is already closed
     */
    public SSLSocket wrap(Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, null, true);
        tls.setUseClientMode(false);
        tls.setSSLParameters(parameters);
        return tls;
    }

    /**
     * Returns the context the server's TLS connections are made with, for another listener of
     * the same server (the HTTPS endpoint): its key manager serves the certificate in use now,
     * so a reload applies there too.
     *
     * @return the context; never null
     */
    public SSLContext context() {
        return context;
    }

    /**
     * Returns the protocols, cipher suites and client-certificate demand of the server's TLS
     * connections, for another listener of the same server.
     *
     * @return a copy; never null
     */
    public SSLParameters parameters() {
        SSLParameters copy = new SSLParameters(parameters.getCipherSuites(), parameters.getProtocols());
        copy.setUseCipherSuitesOrder(parameters.getUseCipherSuitesOrder());
        if (parameters.getNeedClientAuth()) {
            copy.setNeedClientAuth(true);
        } else {
            copy.setWantClientAuth(parameters.getWantClientAuth());
        }
        return copy;
    }

    /**
     * Checks the certificate and key files now, as the checker thread does periodically.
     *
     * @return true when a new pair is now in use
     */
    public boolean reloadIfChanged() {
        return certificate.reloadIfChanged();
    }

    /**
     * Checks that a certificate and key can be served, as start-up checks them, without
     * serving them: the validation of a change before it is applied.
     *
     * @param settings TLS settings with a certificate
     * @throws ConfigException naming the key and file of anything that cannot be used
     */
    public static void check(TlsSettings settings) {
        ServerCertificate.load(settings.certificate().orElseThrow(), settings.privateKey().orElseThrow());
    }

    /**
     * Serves the certificate and key of {@code settings} to new handshakes from now on, and
     * watches those files. Open sessions keep theirs.
     *
     * @param settings TLS settings with a certificate
     * @throws ConfigException as {@link #check}; then the old pair stays
     */
    public void use(TlsSettings settings) {
        certificate.use(settings.certificate().orElseThrow(), settings.privateKey().orElseThrow());
    }

    /**
     * Returns the time left on the certificate served: what operators alert on.
     *
     * @return the time until its notAfter; negative once expired
     */
    public Duration certificateTimeLeft() {
        return certificate.timeLeft();
    }

    /** Stops checking the files. Sessions already in TLS are not touched. */
    @Override
    public void close() {
        checker.shutdownNow();
    }

    private static TrustManager[] trustManagers(TlsSettings settings) throws GeneralSecurityException {
        return settings.clientCa().isEmpty() ? null : TrustMaterial.read(settings.clientCa().get(), TlsSettings.CLIENT_CA).trustManagers();
    }
}
