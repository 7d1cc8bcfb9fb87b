package dev.push3.metrics.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.push3.api.PluginConfig;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.AuthenticatorProvider;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.core.client.Push3Client;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import dev.push3.testkit.RequiresDocker;
import dev.push3.testkit.dovecot.DovecotServer;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole story over TCP: Push3 with auth backend {@code pop3} (module push3-auth-pop3,
 * found by ServiceLoader as the server finds it) checks each LOGIN against the real Dovecot,
 * its {@code openmetrics} source scrapes that Dovecot's stats listener, and one METRICS reply
 * shows Dovecot's counters, moved by exactly the logins made, next to Push3's own.
 */
@RequiresDocker
class Push3DovecotEndToEndIT {
    private static final Logger LOG = LoggerFactory.getLogger(Push3DovecotEndToEndIT.class);
    private static final String POP3 = "pop3";
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);

    @Test
    void oneMetricsReplyShowsDovecotsCountersNextToPush3s() throws Exception {
        int good = 4;
        int bad = 3;
        try (DovecotServer dovecot = DovecotStatsIT.start(Map.of("alice", "secret"))) {
            MetricsSource source = DovecotStatsIT.source(dovecot.metricsUrl());
            Backends backends = Backends.of(POP3, pop3Authenticator(dovecot))
                    .withSource(OpenMetricsSourceProvider.NAME, source);
            ServerSettings settings = ServerSettings.builder()
                    .bind(InetAddress.getLoopbackAddress()).port(0)
                    .failureDelay(Duration.ZERO).build();
            try (Push3Server server = Push3Server.start(settings, backends);
                 Push3Client observer = Push3Client.connect("127.0.0.1", server.port(), CLIENT_TIMEOUT)) {
                assertThat(observer.login("alice", "secret").success()).isTrue();
                Map<String, BigDecimal> before = observer.metrics();

                for (int i = 0; i < good; i++) {
                    assertThat(loginOnce(server.port(), "alice", "secret")).isTrue();
                }
                for (int i = 0; i < bad; i++) {
                    assertThat(loginOnce(server.port(), "alice", "wrong" + i)).isFalse();
                }

                Map<String, BigDecimal> after = awaitDovecot(observer, before, good, bad);
                LOG.info("METRICS after {} good and {} bad LOGINs: {}", good, bad, after);
                assertThat(after).containsEntry("openmetrics.up", BigDecimal.ONE);
                assertThat(delta(before, after, "dovecot.auth.success.total")).isEqualTo(good);
                assertThat(delta(before, after, "dovecot.auth.failure.total")).isEqualTo(bad);
                assertThat(delta(before, after, "push3.logins.succeeded")).isEqualTo(good);
                assertThat(delta(before, after, "push3.logins.failed")).isEqualTo(bad);
            }
        }
    }

    @Test
    void aStoppedDovecotIsDownWhilePush3StillAnswers() throws Exception {
        DovecotServer dovecot = DovecotStatsIT.start(Map.of("alice", "secret"));
        Backends backends = Backends.of(POP3, pop3Authenticator(dovecot))
                .withSource(OpenMetricsSourceProvider.NAME, DovecotStatsIT.source(dovecot.metricsUrl()));
        ServerSettings settings = ServerSettings.builder()
                .bind(InetAddress.getLoopbackAddress()).port(0).failureDelay(Duration.ZERO).build();
        try (Push3Server server = Push3Server.start(settings, backends);
             Push3Client client = Push3Client.connect("127.0.0.1", server.port(), CLIENT_TIMEOUT)) {
            assertThat(client.login("alice", "secret").success()).isTrue();
            assertThat(client.metrics()).containsEntry("openmetrics.up", BigDecimal.ONE);

            dovecot.close();

            Map<String, BigDecimal> reply = client.metrics();
            assertThat(reply).containsEntry("openmetrics.up", BigDecimal.ZERO)
                    .containsEntry("push3.logins.succeeded", BigDecimal.ONE);
            assertThat(reply.keySet()).noneMatch(name -> name.startsWith("dovecot."));
        } finally {
            dovecot.close();
        }
    }

    /** The {@code pop3} authenticator as {@code auth.backend=pop3} would create it; no login cache. */
    static Authenticator pop3Authenticator(DovecotServer dovecot) {
        AuthenticatorProvider provider = ServiceLoader.load(AuthenticatorProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(POP3))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no '" + POP3 + "' authenticator on the class path"));
        return provider.create(PluginConfig.of(Map.of(
                "auth.pop3.host", "127.0.0.1",
                "auth.pop3.port", String.valueOf(dovecot.pop3Port()),
                "auth.pop3.cache-ttl", "0s")));
    }

    private static boolean loginOnce(int port, String user, String password) throws Exception {
        try (Push3Client client = Push3Client.connect("127.0.0.1", port, CLIENT_TIMEOUT)) {
            return client.login(user, password).success();
        }
    }

    /**
     * Dovecot counts asynchronously: ask until its counters have moved far enough, then until they
     * held still for 300 ms, so the exact assertions that follow also catch a late extra count.
     */
    private static Map<String, BigDecimal> awaitDovecot(Push3Client client, Map<String, BigDecimal> before,
            int good, int bad) {
        await("Dovecot's LOGIN counters").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(client::metrics, now -> delta(before, now, "dovecot.auth.success.total") >= good
                        && delta(before, now, "dovecot.auth.failure.total") >= bad);
        AtomicReference<List<BigDecimal>> last = new AtomicReference<>(List.of());
        return await("Dovecot's LOGIN counters holding still").during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(client::metrics, now -> {
                    List<BigDecimal> counters = Arrays.asList(now.get("dovecot.auth.success.total"),
                            now.get("dovecot.auth.failure.total"));
                    return counters.equals(last.getAndSet(counters));
                });
    }

    private static long delta(Map<String, BigDecimal> before, Map<String, BigDecimal> after, String name) {
        assertThat(after).as("METRICS reply").containsKey(name);
        return after.get(name).subtract(before.getOrDefault(name, BigDecimal.ZERO)).longValueExact();
    }
}
