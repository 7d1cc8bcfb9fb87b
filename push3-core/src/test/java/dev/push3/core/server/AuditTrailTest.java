package dev.push3.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.push3.core.audit.Audit;
import dev.push3.core.metrics.MetricRegistry;
import dev.push3.core.settings.ServerSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The audit events TlsSessionTest's scripted session does not reach: a backend down, the
 * login and write timeouts, the server-wide connection limit. Each over real TCP.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuditTrailTest {
    private final UsersAuthenticator users = new UsersAuthenticator(Map.of("alice", "secret"));
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private Push3Server server;

    private void start(UnaryOperator<ServerSettings.Builder> settings) throws IOException {
        ServerSettings.Builder builder = ServerSettings.builder()
                .bind(InetAddress.getLoopbackAddress()).port(0).failureDelay(Duration.ZERO).penaltyMax(Duration.ZERO);
        server = Push3Server.start(settings.apply(builder).build(), Backends.of("test", users), new MetricRegistry(),
                new Audit(Clock.systemUTC(), audit::add));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The events of the audit lines, as {@code event/outcome user}. */
    private List<String> events() {
        return audit.stream().map(line -> line.replaceAll(".*\"event\":\"([a-z]+)\",\"outcome\":\"([a-z-]+)\".*\"user\":"
                + "(null|\"([^\"]*)\")}", "$1/$2 $3").replace("\"", "")).toList();
    }

    @Test
    void anUnavailableBackendAndTheLoginTimeout() throws Exception {
        start(b -> b.loginTimeout(Duration.ofMillis(700)));
        users.down.set(true);
        try (WireClient c = new WireClient(server.port())) {
            assertThat(c.request("LOGIN alice secret")).isEqualTo("->FAIL: authentication backend unavailable, try again later");
            assertThat(c.line()).isEqualTo("->FAIL: login timeout, closing");
        }
        await().untilAsserted(() -> assertThat(events()).containsExactly("login/unavailable alice", "close/login-timeout alice"));
    }

    @Test
    void theWriteTimeoutAndTheServerWideLimit() throws Exception {
        start(b -> b.maxConnections(1).writeTimeout(Duration.ofMillis(500)));
        try (Socket stuck = new Socket()) {
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            byte[] requests = "CAPA\r\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        stuck.getOutputStream().write(requests); // and never read a reply
                    }
                } catch (IOException e) {
                    // the server closed the connection
                }
            });
            try (WireClient other = new WireClient(server.port())) {
                assertThat(other.line()).isEqualTo("->FAIL: too many connections, try again later");
            }
            writer.join(Duration.ofSeconds(20));
        }
        await().untilAsserted(() -> assertThat(events()).containsExactly("connect/too-many-connections null",
                "close/write-timeout null"));
    }
}
