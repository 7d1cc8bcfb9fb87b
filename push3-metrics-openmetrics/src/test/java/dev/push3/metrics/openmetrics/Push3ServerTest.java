package dev.push3.metrics.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.PluginConfig;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.core.client.Push3Client;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import dev.push3.testkit.CapturedLog;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source inside a real Push3 server, over TCP, against a real loopback HTTP endpoint:
 * what a METRICS reply shows when the endpoint is fine, malformed, or gone.
 */
class Push3ServerTest {
    private static final Authenticator EVERYONE = credentials -> AuthOutcome.accepted(credentials.user());

    private ExpositionServer endpoint;
    private Push3Server server;
    private Push3Client client;

    @BeforeEach
    void start() throws Exception {
        endpoint = new ExpositionServer();
        MetricsSource source = new OpenMetricsSourceProvider().create(PluginConfig.of(Map.of(
                "metrics.openmetrics.url", endpoint.url(),
                "metrics.openmetrics.min-interval", "0s")));
        server = Push3Server.start(ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                        .failureDelay(Duration.ZERO).build(),
                Backends.of("everyone", EVERYONE).withSource(OpenMetricsSourceProvider.NAME, source));
        client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5));
        assertThat(client.login("alice", "secret").success()).isTrue();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        endpoint.close();
    }

    @Test
    void theEndpointsSamplesJoinPush3sOwnInOneReply() {
        endpoint.serve(ExpositionServer.OPENMETRICS_TYPE, Samples.text(Samples.DOVECOT));

        Map<String, BigDecimal> reply = client.metrics();

        assertThat(reply).containsEntry("openmetrics.up", BigDecimal.ONE)
                .containsEntry("dovecot.auth.failure.total", new BigDecimal(2))
                .containsEntry("push3.logins.succeeded", BigDecimal.ONE);
    }

    @Test
    void aBodyThatIsNoExpositionIsDownAndTheRestStillAnswers() {
        endpoint.serve(ExpositionServer.OPENMETRICS_TYPE, "<html>\ndovecot_auth_success_total 1\n# EOF\n");

        Map<String, BigDecimal> reply = client.metrics();

        assertThat(reply).containsEntry("openmetrics.up", BigDecimal.ZERO)
                .containsEntry("inprocess.up", BigDecimal.ONE)
                .containsEntry("push3.logins.succeeded", BigDecimal.ONE)
                .doesNotContainKey("dovecot.auth.success.total");
    }

    @Test
    void oneMalformedLineIsSkippedAndCountedAndTheSourceStaysUp() {
        endpoint.serve(ExpositionServer.OPENMETRICS_TYPE, "dovecot_auth_success_total 1\nbroken{ 2\n# EOF\n");

        Map<String, BigDecimal> reply = client.metrics();

        assertThat(reply).containsEntry("openmetrics.up", BigDecimal.ONE)
                .containsEntry("openmetrics.skipped_samples", BigDecimal.ONE)
                .containsEntry("dovecot.auth.success.total", BigDecimal.ONE);
    }

    @Test
    void aVanishedEndpointIsDownAndComesBack() {
        endpoint.serve(ExpositionServer.OPENMETRICS_TYPE, "a_total 1\n# EOF\n");
        assertThat(client.metrics()).containsEntry("openmetrics.up", BigDecimal.ONE);

        endpoint.status(500);
        assertThat(client.metrics()).containsEntry("openmetrics.up", BigDecimal.ZERO).doesNotContainKey("a.total");

        endpoint.status(200);
        assertThat(client.metrics()).containsEntry("openmetrics.up", BigDecimal.ONE).containsKey("a.total");
    }

    /**
     * One place logs a source's health: an outage is one WARN naming the source and the
     * reason, however many METRICS see it, and the recovery one INFO (the source logged its
     * own WARN beside the server's before).
     */
    @Test
    void anOutageIsLoggedOnceAndTheRecoveryOnce() {
        endpoint.serve(ExpositionServer.OPENMETRICS_TYPE, "a_total 1\n# EOF\n");
        try (CapturedLog log = CapturedLog.start()) {
            assertThat(client.metrics()).containsEntry("openmetrics.up", BigDecimal.ONE);
            endpoint.status(500);
            for (int i = 0; i < 3; i++) {
                assertThat(client.metrics()).containsEntry("openmetrics.up", BigDecimal.ZERO);
            }
            endpoint.status(200);
            assertThat(client.metrics()).containsEntry("openmetrics.up", BigDecimal.ONE);
            assertThat(client.metrics()).containsEntry("openmetrics.up", BigDecimal.ONE);

            assertThat(log.linesContaining(" WARN ")).singleElement().asString()
                    .endsWith("Metrics source 'openmetrics' is down: " + endpoint.url() + " answered HTTP 500, expected 200");
            assertThat(log.linesContaining(" INFO ")).singleElement().asString()
                    .endsWith("Metrics source 'openmetrics' is up again");
        }
    }
}
