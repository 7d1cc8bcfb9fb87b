package dev.push3.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.push3.core.audit.Audit;
import dev.push3.core.client.ClientTls;
import dev.push3.core.client.Push3Client;
import dev.push3.core.metrics.MetricRegistry;
import dev.push3.core.settings.ServerSettings;
import dev.push3.core.tls.TlsSettings;
import dev.push3.testkit.OpenSsl;
import dev.push3.testkit.RequiresProgram;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** STLS, the implicit-TLS port, server.tls.required and the audit trail, over real TCP and real handshakes. */
@RequiresProgram(value = "openssl", hint = "apt-get install openssl")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsSessionTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    @TempDir
    static Path shared;
    private static TlsFiles files;

    private final UsersAuthenticator users = new UsersAuthenticator(Map.of("alice", "secret"));
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private Push3Server server;

    @BeforeAll
    static void certificates() throws Exception {
        files = TlsFiles.create(shared);
    }

    private Push3Server start(UnaryOperator<ServerSettings.Builder> settings) throws IOException {
        ServerSettings.Builder builder = ServerSettings.builder()
                .bind(InetAddress.getLoopbackAddress()).port(0).failureDelay(Duration.ZERO).penaltyMax(Duration.ZERO);
        server = Push3Server.start(settings.apply(builder).build(), Backends.of("test", users), new MetricRegistry(),
                new Audit(Clock.fixed(NOW, ZoneOffset.UTC), audit::add));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void stlsThenLoginAndMetricsInsideTls() throws Exception {
        start(b -> b.tls(files.settings(false)));
        try (WireClient c = new WireClient(server.port())) {
            assertThat(c.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT STLS");
            assertThat(c.request("STLS")).isEqualTo("->SUCCESS: begin TLS");
            c.startTls(files.clientContext(false));
            assertThat(c.tlsProtocol()).isEqualTo("TLSv1.3");
            assertThat(c.request("CAPA")).as("STLS no longer possible").isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
            assertThat(c.request("STLS")).isEqualTo("->FAIL: TLS already active");
            assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            String metrics = c.request("METRICS");
            assertThat(metrics).contains(" push3.tls.handshakes=1 ", " push3.tls.handshake_failures=0 ");
            long expiry = Long.parseLong(value(metrics, "push3.tls.cert.expiry_seconds"));
            assertThat(expiry).isBetween(Duration.ofDays(1).toSeconds(), Duration.ofDays(2).toSeconds());
            assertThat(c.request("QUIT")).isEqualTo("->SUCCESS: bye");
        }
    }

    /**
     * The session's reader lets its buffer go when the client is quiet for 100 ms, after a read
     * timeout; over TLS, the connection must go on after that timeout as in clear text.
     */
    @Test
    void aQuietClientGoesOnInsideTlsAfterTheReaderLetItsBufferGo() throws Exception {
        start(b -> b.tls(files.settings(false)));
        try (WireClient c = new WireClient(server.port())) {
            assertThat(c.request("STLS")).isEqualTo("->SUCCESS: begin TLS");
            c.startTls(files.clientContext(false));
            assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            Thread.sleep(300); // quiet: what is under test, not a wait for the server
            assertThat(c.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH METRICS QUIT");
            c.send("ME");
            Thread.sleep(300); // quiet in the middle of a line
            assertThat(c.send("TRICS\r\n").line()).startsWith("->SUCCESS: ");
            assertThat(c.request("QUIT")).isEqualTo("->SUCCESS: bye");
        }
    }

    @Test
    void whatTheClientPipelinedAfterStlsIsNeverAnswered() throws Exception {
        start(b -> b.tls(files.settings(false)));
        try (WireClient c = new WireClient(server.port())) {
            c.send("STLS\r\nCAPA\r\n"); // one segment: CAPA reaches the server's buffer before the handshake
            assertThat(c.line()).isEqualTo("->SUCCESS: begin TLS");
            // Had CAPA been answered in clear, its line would precede the server's handshake
            // messages and the handshake below would fail on it.
            c.startTls(files.clientContext(false));
            assertThat(c.request("QUIT")).as("the first line inside TLS answers QUIT, not CAPA")
                    .isEqualTo("->SUCCESS: bye");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void clearTextSentAfterTheStlsReplyFailsTheHandshakeAndEndsTheSession() throws Exception {
        start(b -> b.tls(files.settings(false)));
        try (WireClient c = new WireClient(server.port())) {
            assertThat(c.request("STLS")).isEqualTo("->SUCCESS: begin TLS");
            c.send("LOGIN alice secret\r\n");
            // The server took the line for a TLS record: it answers with a TLS alert (content type 21) and closes.
            byte[] rest = c.rest();
            assertThat(rest).isNotEmpty();
            assertThat(rest[0]).isEqualTo((byte) 21);
            assertThat(new String(rest, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("->");
        }
        try (WireClient c = new WireClient(server.port())) {
            assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            assertThat(c.request("METRICS")).contains(" push3.tls.handshake_failures=1 ", " push3.tls.handshakes=0 ",
                    " push3.logins.succeeded=1 ");
        }
        // Session 1 writes its audit line as it ends, which may be after session 2 answered.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(audit)
                .anySatisfy(line -> assertThat(line).contains("\"event\":\"stls\",\"outcome\":\"tls-failed\"")));
    }

    @Test
    void stlsIsRefusedWithoutTlsAfterLoginAndWithArguments() throws Exception {
        start(b -> b);
        try (WireClient c = new WireClient(server.port())) {
            assertThat(c.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
            assertThat(c.request("STLS")).isEqualTo("->FAIL: TLS not available");
        }
        server.close();
        start(b -> b.tls(files.settings(false)));
        try (WireClient c = new WireClient(server.port())) {
            assertThat(c.request("STLS now")).isEqualTo("->FAIL: STLS takes no arguments");
            assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            assertThat(c.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH METRICS QUIT");
            assertThat(c.request("stls")).isEqualTo("->FAIL: STLS only before LOGIN");
            assertThat(c.request("METRICS")).startsWith("->SUCCESS: ");
        }
    }

    @Test
    void requiredRefusesLoginInClearTextWithoutCheckingOrCountingIt() throws Exception {
        start(b -> b.tls(files.settings(true)).maxLoginFailures(1));
        try (WireClient c = new WireClient(server.port())) {
            assertThat(c.request("CAPA")).as("LOGIN left out until TLS").isEqualTo("->SUCCESS: CAPA FINISH QUIT STLS");
            for (int i = 0; i < 3; i++) {
                assertThat(c.request("LOGIN alice secret")).isEqualTo("->FAIL: TLS required, send STLS first");
            }
            assertThat(c.request("STLS")).isEqualTo("->SUCCESS: begin TLS");
            c.startTls(files.clientContext(false));
            assertThat(c.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
            assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            assertThat(c.request("METRICS")).as("the authenticator saw one LOGIN, none failed")
                    .contains(" push3.logins.succeeded=1 ", " push3.logins.failed=0 ");
        }
        assertThat(audit).filteredOn(line -> line.contains("\"outcome\":\"tls-required\"")).hasSize(3);
    }

    @Test
    void implicitTlsPortServesTheSameSessionsUnderTheSameLimits() throws Exception {
        start(b -> b.tls(files.implicitSettings()).maxConnectionsPerAddress(1));
        int tlsPort = server.tlsPort().orElseThrow();
        try (WireClient c = new WireClient(tlsPort, InetAddress.getByName("127.0.0.2")).startTls(files.clientContext(false))) {
            assertThat(c.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
            assertThat(c.request("STLS")).isEqualTo("->FAIL: TLS already active");
            assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            assertThat(c.request("METRICS")).contains(" push3.tls.handshakes=1 ");
            // The place of 127.0.0.2 is taken on both ports.
            try (WireClient plain = new WireClient(server.port(), InetAddress.getByName("127.0.0.2"))) {
                assertThat(plain.line()).isEqualTo("->FAIL: too many connections from your address");
            }
            assertThat(c.request("QUIT")).isEqualTo("->SUCCESS: bye");
        }
        try (WireClient plain = new WireClient(server.port(), InetAddress.getByName("127.0.0.3"))) {
            assertThat(plain.request("CAPA")).startsWith("->SUCCESS: ");
            // On the TLS port a refusal is a close without a clear-text line.
            assertThatThrownBy(() -> new WireClient(tlsPort, InetAddress.getByName("127.0.0.3"))
                    .startTls(files.clientContext(false)).request("CAPA")).isInstanceOf(IOException.class);
        }
        await().untilAsserted(() -> assertThat(audit).filteredOn(line -> line.contains("too-many-connections-from-address"))
                .hasSize(2));
    }

    @Test
    void shutdownTellsTlsSessionsInsideTlsAndNeverInClearText() throws Exception {
        start(b -> b.tls(files.implicitSettings()).shutdownGrace(Duration.ofMillis(500)));
        int tlsPort = server.tlsPort().orElseThrow();
        try (WireClient secure = new WireClient(tlsPort).startTls(files.clientContext(false));
             WireClient silent = new WireClient(tlsPort)) {
            assertThat(secure.request("CAPA")).startsWith("->SUCCESS: ");
            // The second connection never sends its ClientHello: its session waits in the handshake.
            await().until(() -> server.registry().snapshot().get("push3.connections.current").orElseThrow().intValue() == 2);
            Thread closing = Thread.ofVirtual().start(server::close);
            assertThat(secure.line()).isEqualTo("->FAIL: server shutting down");
            assertThat(new String(silent.rest(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("->");
            closing.join();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsSettings.ClientAuth.class, names = {"WANT", "NEED"})
    void clientCertificates(TlsSettings.ClientAuth clientAuth) throws Exception {
        TlsSettings plain = files.implicitSettings();
        start(b -> b.tls(new TlsSettings(plain.certificate(), plain.privateKey(), plain.implicitPort(), false, clientAuth,
                Optional.of(files.ca()), plain.checkInterval())));
        int tlsPort = server.tlsPort().orElseThrow();
        try (WireClient c = new WireClient(tlsPort).startTls(files.clientContext(true))) {
            assertThat(c.request("CAPA")).startsWith("->SUCCESS: ");
        }
        if (clientAuth == TlsSettings.ClientAuth.NEED) {
            // TLS 1.3: the client's side of the handshake ends before the server checks it; the refusal shows on reading.
            assertThatThrownBy(() -> new WireClient(tlsPort).startTls(files.clientContext(false)).request("CAPA"))
                    .isInstanceOf(IOException.class);
        } else {
            try (WireClient c = new WireClient(tlsPort).startTls(files.clientContext(false))) {
                assertThat(c.request("CAPA")).startsWith("->SUCCESS: ");
            }
        }
    }

    @Test
    void replacedFilesAreServedToNewSessionsWhileAnOpenOneGoesOn(@TempDir Path dir) throws Exception {
        for (String file : List.of("ca.pem", "ca-key.pem", "cert.pem", "key.pem")) {
            Files.copy(shared.resolve(file), dir.resolve(file));
        }
        TlsFiles own = new TlsFiles(dir);
        start(b -> b.tls(own.implicitSettings()));
        int tlsPort = server.tlsPort().orElseThrow();
        SSLContext client = files.clientContext(false);
        try (WireClient open = new WireClient(tlsPort).startTls(client)) {
            assertThat(open.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            assertThat(servedName(tlsPort, client)).isEqualTo("CN=localhost");

            OpenSsl.ecKey(dir, "next-key.pem");
            OpenSsl.signed(dir, "next-key.pem", "next-cert.pem", "renewed", "subjectAltName=DNS:localhost");
            Files.move(dir.resolve("next-key.pem"), own.key(), StandardCopyOption.REPLACE_EXISTING);
            Files.move(dir.resolve("next-cert.pem"), own.certificate(), StandardCopyOption.REPLACE_EXISTING);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(servedName(tlsPort, client)).isEqualTo("CN=renewed"));
            assertThat(open.request("METRICS")).as("the session opened before goes on").contains(" push3.tls.handshakes=");
        }
    }

    @Test
    void push3ClientChecksTheHostNameOverStlsAndImplicitTls() throws Exception {
        start(b -> b.tls(files.implicitSettings()));
        ClientTls starttls = new ClientTls(ClientTls.Mode.STARTTLS, Optional.of(files.ca()), true);
        try (Push3Client client = Push3Client.connect("localhost", server.port(), Duration.ofSeconds(10), starttls)) {
            assertThat(client.login("alice", "secret").success()).isTrue();
            assertThat(client.metrics()).containsKey("push3.tls.handshakes");
        }
        ClientTls implicit = new ClientTls(ClientTls.Mode.IMPLICIT, Optional.of(files.ca()), true);
        try (Push3Client client = Push3Client.connect("localhost", server.tlsPort().orElseThrow(), Duration.ofSeconds(10), implicit)) {
            assertThat(client.login("alice", "secret").success()).isTrue();
        }
        // The certificate names localhost only: by IP address the check must fail, on both ports.
        assertThatThrownBy(() -> Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(10), starttls))
                .isInstanceOf(IOException.class).hasMessageContaining("127.0.0.1");
        assertThatThrownBy(() -> Push3Client.connect("127.0.0.1", server.tlsPort().orElseThrow(), Duration.ofSeconds(10), implicit))
                .isInstanceOf(IOException.class).hasMessageContaining("127.0.0.1");
        // Turned off on purpose, the same connection succeeds.
        try (Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(10),
                new ClientTls(ClientTls.Mode.STARTTLS, Optional.of(files.ca()), false))) {
            assertThat(client.login("alice", "secret").success()).isTrue();
        }
    }

    @Test
    void stlsOrClearTextToTheImplicitTlsPortSaysThePortSpeaksTls() throws Exception {
        start(b -> b.tls(files.implicitSettings()));
        int tlsPort = server.tlsPort().orElseThrow();
        ClientTls starttls = new ClientTls(ClientTls.Mode.STARTTLS, Optional.of(files.ca()), true);
        assertThatThrownBy(() -> Push3Client.connect("localhost", tlsPort, Duration.ofSeconds(10), starttls))
                .isInstanceOf(dev.push3.core.client.Push3Exception.class)
                .hasMessage("the server answered with TLS: this port speaks TLS from the first byte, "
                        + "connect with implicit TLS (--tls)");
        try (Push3Client client = Push3Client.connect("localhost", tlsPort, Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> client.send("CAPA")).hasMessageContaining("this port speaks TLS");
        }
    }

    @Test
    void aScriptedSessionLeavesExactlyTheseAuditLines() throws Exception {
        start(b -> b.tls(files.settings(false)).maxConnectionsPerAddress(1).maxLoginFailures(2)
                .idleTimeoutAuthentication(Duration.ofSeconds(1)));
        int first;
        try (WireClient c = new WireClient(server.port(), InetAddress.getByName("127.0.0.2"))) {
            first = c.localPort();
            assertThat(c.request("LOGIN alice wrong")).isEqualTo("->FAIL: invalid credentials");
            assertThat(c.request("STLS")).isEqualTo("->SUCCESS: begin TLS");
            c.startTls(files.clientContext(false));
            assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            assertThat(c.request("QUIT")).isEqualTo("->SUCCESS: bye");
        }
        int idle;
        int refused;
        try (WireClient c = new WireClient(server.port(), InetAddress.getByName("127.0.0.3"))) {
            idle = c.localPort();
            assertThat(c.request("CAPA")).startsWith("->SUCCESS: ");
            try (WireClient over = new WireClient(server.port(), InetAddress.getByName("127.0.0.3"))) {
                refused = over.localPort();
                assertThat(over.line()).isEqualTo("->FAIL: too many connections from your address");
            }
            assertThat(c.line()).isEqualTo("->FAIL: idle timeout, closing");
        }
        int failing;
        try (WireClient c = new WireClient(server.port(), InetAddress.getByName("127.0.0.4"))) {
            failing = c.localPort();
            assertThat(c.request("LOGIN bob x")).isEqualTo("->FAIL: invalid credentials");
            assertThat(c.request("LOGIN bob y")).isEqualTo("->FAIL: invalid credentials; too many failures, closing");
        }
        String time = "{\"time\":\"2026-11-30T12:00:00.000Z\",";
        await().untilAsserted(() -> assertThat(audit).containsExactly(
                time + "\"event\":\"login\",\"outcome\":\"rejected\",\"session\":1,\"remote\":\"127.0.0.2\",\"port\":" + first
                        + ",\"tls\":null,\"user\":\"alice\"}",
                time + "\"event\":\"stls\",\"outcome\":\"tls-started\",\"session\":1,\"remote\":\"127.0.0.2\",\"port\":" + first
                        + ",\"tls\":\"TLSv1.3\",\"user\":\"alice\"}",
                time + "\"event\":\"login\",\"outcome\":\"accepted\",\"session\":1,\"remote\":\"127.0.0.2\",\"port\":" + first
                        + ",\"tls\":\"TLSv1.3\",\"user\":\"alice\"}",
                time + "\"event\":\"connect\",\"outcome\":\"too-many-connections-from-address\",\"session\":0,"
                        + "\"remote\":\"127.0.0.3\",\"port\":" + refused + ",\"tls\":null,\"user\":null}",
                time + "\"event\":\"close\",\"outcome\":\"idle-timeout\",\"session\":2,\"remote\":\"127.0.0.3\",\"port\":" + idle
                        + ",\"tls\":null,\"user\":null}",
                time + "\"event\":\"login\",\"outcome\":\"rejected\",\"session\":3,\"remote\":\"127.0.0.4\",\"port\":" + failing
                        + ",\"tls\":null,\"user\":\"bob\"}",
                time + "\"event\":\"login\",\"outcome\":\"rejected\",\"session\":3,\"remote\":\"127.0.0.4\",\"port\":" + failing
                        + ",\"tls\":null,\"user\":\"bob\"}",
                time + "\"event\":\"close\",\"outcome\":\"too-many-failures\",\"session\":3,\"remote\":\"127.0.0.4\",\"port\":"
                        + failing + ",\"tls\":null,\"user\":\"bob\"}"));
        assertThat(String.join("\n", audit)).doesNotContain("secret", "wrong");
    }

    /** The subject of the certificate a fresh implicit-TLS connection is shown. */
    private static String servedName(int port, SSLContext client) throws IOException {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    private static String value(String metrics, String name) {
        Matcher matcher = Pattern.compile(" " + Pattern.quote(name) + "=(-?[0-9]+)").matcher(metrics);
        assertThat(matcher.find()).as(name + " in " + metrics).isTrue();
        return matcher.group(1);
    }
}
