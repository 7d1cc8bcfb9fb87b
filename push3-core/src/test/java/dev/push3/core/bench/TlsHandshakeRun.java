package dev.push3.core.bench;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import dev.push3.core.tls.TlsSettings;
import dev.push3.testkit.OpenSsl;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The handshake's cost, run by hand (not a test): {@code TlsHandshakeRun CLIENTS SESSIONS_PER_CLIENT}.
 *
 * <p>One server with a P-256 certificate made by openssl, STLS off, the implicit-TLS port on.
 * CLIENTS threads each run SESSIONS_PER_CLIENT sessions of connect, LOGIN, METRICS, QUIT,
 * in three modes one after the other in the same JVM: clear text; TLS 1.3 with every
 * session invalidated after use, so each handshake is a full one; TLS 1.3 with the client's
 * session cache, so handshakes resume with a ticket (PSK). The octets the client receives
 * during the handshake show which kind happened (a full handshake carries the certificate).
 * Each mode gets a warm-up of a tenth of its sessions first.
 */
public final class TlsHandshakeRun {
    private enum Mode { CLEAR, TLS13_FULL, TLS13_RESUMED }

    private TlsHandshakeRun() {
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(args[0]);
        int sessions = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("push3-tls-run");
        OpenSsl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem");
        Path certificate = OpenSsl.selfSigned(dir, "key.pem", "cert.pem", "localhost");
        Authenticator users = c -> c.user().equals("alice") && c.password().equals("secret")
                ? AuthOutcome.accepted("alice") : AuthOutcome.rejected();
        ServerSettings settings = ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .failureDelay(Duration.ZERO).penaltyMax(Duration.ZERO).maxConnectionsPerAddress(10_000)
                .tls(new TlsSettings(Optional.of(certificate), Optional.of(dir.resolve("key.pem")), OptionalInt.of(0), false,
                        TlsSettings.ClientAuth.NONE, Optional.empty(), Duration.ofMinutes(1)))
                .build();
        SSLContext context = clientContext(certificate);
        try (Push3Server server = Push3Server.start(settings, Backends.of("bench", users))) {
            for (Mode mode : Mode.values()) {
                int port = mode == Mode.CLEAR ? server.port() : server.tlsPort().orElseThrow();
                run(mode, port, context, clients, Math.max(1, sessions / 10));
                AtomicLong handshakeOctets = new AtomicLong();
                long start = System.nanoTime();
                int done = run(mode, port, context, clients, sessions, handshakeOctets);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%-14s %6d sessions in %6.2f s = %7.0f sessions/s; handshake octets received per session: %d%n",
                        mode, done, seconds, done / seconds, handshakeOctets.get() / done);
            }
        }
    }

    private static int run(Mode mode, int port, SSLContext context, int clients, int perClient) throws Exception {
        return run(mode, port, context, clients, perClient, new AtomicLong());
    }

    private static int run(Mode mode, int port, SSLContext context, int clients, int perClient, AtomicLong handshakeOctets)
            throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < perClient; i++) {
                        session(mode, port, context, handshakeOctets);
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        }
        return clients * perClient;
    }

    private static void session(Mode mode, int port, SSLContext context, AtomicLong handshakeOctets) throws IOException {
        CountingSocket plain = new CountingSocket();
        plain.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        plain.setSoTimeout(10_000);
        plain.setTcpNoDelay(true);
        Socket socket = mode == Mode.CLEAR ? plain : handshake(plain, port, context, handshakeOctets);
        try (socket) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            for (String request : List.of("LOGIN alice secret", "METRICS", "QUIT")) {
                out.write((request + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String reply = in.readLine();
                if (reply == null || !reply.startsWith("->SUCCESS:")) {
                    throw new IOException(request + " got " + reply);
                }
            }
            if (mode == Mode.TLS13_FULL) {
                ((SSLSocket) socket).getSession().invalidate(); // no ticket for the next session
            }
        }
    }

    private static SSLSocket handshake(CountingSocket plain, int port, SSLContext context, AtomicLong handshakeOctets)
            throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true);
        tls.setEnabledProtocols(new String[] {"TLSv1.3"});
        tls.startHandshake();
        handshakeOctets.addAndGet(plain.received.get());
        return tls;
    }

    private static SSLContext clientContext(Path certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** Counts the octets read from the network, so the handshake's size can be told. */
    private static final class CountingSocket extends Socket {
        final AtomicLong received = new AtomicLong();

        @Override
        public InputStream getInputStream() throws IOException {
            return new FilterInputStream(super.getInputStream()) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        received.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        received.addAndGet(n);
                    }
                    return n;
                }
            };
        }
    }
}
