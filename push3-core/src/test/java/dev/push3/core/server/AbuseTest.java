package dev.push3.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.core.metrics.MetricRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server core under abuse (issue 10): careless clients, failing plugins and gauges,
 * failing start-up. Each test talks to the real server over real TCP.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AbuseTest {
    private final UsersAuthenticator users = new UsersAuthenticator(Map.of("alice", "secret"));
    private Push3Server server;

    private Push3Server start(UnaryOperator<ServerSettings.Builder> settings, Backends backends, MetricRegistry registry)
            throws IOException {
        ServerSettings.Builder builder = ServerSettings.builder()
                .bind(InetAddress.getLoopbackAddress()).port(0).failureDelay(Duration.ZERO);
        server = Push3Server.start(settings.apply(builder).build(), backends, registry);
        return server;
    }

    private Push3Server start(UnaryOperator<ServerSettings.Builder> settings) throws IOException {
        return start(settings, Backends.of("test", users), new MetricRegistry());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // --- 1. Replies held back ---------------------------------------------------------

    @Test
    void aPartialNextLineDoesNotHoldBackTheReply() throws IOException {
        start(b -> b);
        try (WireClient c = new WireClient(server.port())) {
            c.timeout(5_000); // far below the 60 s idle timeout that used to release the reply
            c.send("CAPA\r\nCA");
            assertThat(c.line()).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
            c.send("PA\r\nLOGIN alice secret\r\nCAPA\r\nMET");
            assertThat(c.line()).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
            assertThat(c.line()).isEqualTo("->SUCCESS: logged in");
            assertThat(c.line()).isEqualTo("->SUCCESS: CAPA FINISH METRICS QUIT");
            c.send("RICS\r\n");
            assertThat(c.line()).startsWith("->SUCCESS: ").contains("inprocess.up=1");
        }
    }

    // --- 6. Errors in plugins never drop a session without a reply ---------------------

    /** An authenticator whose backend fails in every way a plugin can: by user name. */
    private static final class ThrowingAuthenticator implements Authenticator {
        final AtomicBoolean closed = new AtomicBoolean();
        volatile boolean metricsFail;

        @Override
        public AuthOutcome authenticate(Credentials credentials) {
            return switch (credentials.user()) {
                case "oom" -> throw new OutOfMemoryError("Java heap space");
                case "error" -> throw new StackOverflowError();
                case "boom" -> throw new IllegalStateException("backend bug");
                case "null" -> null;
                default -> credentials.password().equals("secret")
                        ? AuthOutcome.accepted(credentials.user()) : AuthOutcome.rejected();
            };
        }

        @Override
        public MetricsSnapshot metrics() {
            if (metricsFail) {
                throw new OutOfMemoryError("Java heap space");
            }
            return MetricsSnapshot.builder().put("push3.auth.test.users", 1).build();
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void anAuthenticatorThrowingAnErrorGetsAFailReplyAndTheSessionGoesOn() throws IOException {
        ThrowingAuthenticator failing = new ThrowingAuthenticator();
        start(b -> b, Backends.of("test", failing), new MetricRegistry());
        try (WireClient c = new WireClient(server.port())) {
            for (String user : new String[] {"oom", "error", "boom", "null"}) {
                assertThat(c.request("LOGIN " + user + " secret"))
                        .as(user).isEqualTo("->FAIL: authentication backend unavailable, try again later");
            }
            assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            assertThat(c.request("METRICS")).contains("push3.logins.unavailable=4", "push3.auth.test.unavailable=4");
        }
    }

    @Test
    void anAuthenticatorWhoseOwnCountersThrowAnErrorStillLetsMetricsAnswer() throws IOException {
        ThrowingAuthenticator failing = new ThrowingAuthenticator();
        start(b -> b, Backends.of("test", failing), new MetricRegistry());
        try (WireClient c = new WireClient(server.port())) {
            assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            assertThat(c.request("METRICS")).contains("push3.auth.test.users=1");
            failing.metricsFail = true;
            assertThat(c.request("METRICS")).startsWith("->SUCCESS: ").contains("inprocess.up=1")
                    .doesNotContain("push3.auth.test.users");
            assertThat(c.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH METRICS QUIT");
        }
    }

    // --- 7. Gauges that throw or give unwritable values ------------------------------

    @Test
    void aGaugeThatThrowsOrGivesAnUnwritableValueIsLeftOutAndMetricsAnswers() throws IOException {
        MetricRegistry registry = new MetricRegistry();
        registry.gauge("pop3.good", () -> 7);
        registry.gauge("pop3.huge", () -> 1e300);
        registry.gauge("pop3.tiny", () -> 1e-300);
        registry.gauge("pop3.nan", () -> Double.NaN);
        registry.gauge("pop3.decimal", () -> new BigDecimal("1e100"));
        registry.gauge("pop3.throws", () -> {
            throw new IllegalStateException("gauge bug");
        });
        registry.gauge("pop3.error", () -> {
            throw new OutOfMemoryError("Java heap space");
        });
        start(b -> b, Backends.of("test", users), registry);
        try (WireClient c = new WireClient(server.port())) {
            c.request("LOGIN alice secret");
            for (int i = 0; i < 2; i++) { // the second time the failures are no longer logged
                assertThat(c.request("METRICS")).startsWith("->SUCCESS: ").contains("pop3.good=7", "inprocess.up=1")
                        .doesNotContain("pop3.huge", "pop3.tiny", "pop3.nan", "pop3.decimal", "pop3.throws", "pop3.error");
            }
        }
        assertThat(registry.snapshot().get("pop3.good")).contains(BigDecimal.valueOf(7));
    }

    // --- 8. Start-up failures leak nothing -------------------------------------------

    @Test
    void aFailingStartClosesTheListeningSocketAndTheBackends() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        MetricRegistry clashing = new MetricRegistry();
        clashing.gauge("push3.connections.total", () -> 0); // an embedder's gauge where the server needs a counter
        UsersAuthenticator first = new UsersAuthenticator(Map.of());
        assertThatThrownBy(() -> start(b -> b.port(port), Backends.of("test", first), clashing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("push3.connections.total");
        assertThat(first.closed).isTrue();

        UsersAuthenticator second = new UsersAuthenticator(Map.of()); // a plugin name no metric may carry
        assertThatThrownBy(() -> start(b -> b.port(port), Backends.of("Bad Name", second), new MetricRegistry()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(second.closed).isTrue();

        start(b -> b.port(port)); // the port is free again
        try (WireClient c = new WireClient(server.port())) {
            assertThat(c.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
        }
    }
}
