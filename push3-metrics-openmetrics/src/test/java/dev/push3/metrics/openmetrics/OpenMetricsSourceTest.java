package dev.push3.metrics.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.api.metrics.MetricsSourceProvider;
import dev.push3.api.metrics.MetricsUnavailableException;
import dev.push3.testkit.CapturedLog;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The source against a real HTTP endpoint on loopback. */
class OpenMetricsSourceTest {
    private ExpositionServer endpoint;

    @BeforeEach
    void start() throws Exception {
        endpoint = new ExpositionServer();
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        List<String> names = ServiceLoader.load(MetricsSourceProvider.class).stream()
                .map(p -> p.get().name()).toList();

        assertThat(names).contains("openmetrics");
    }

    @Test
    void scrapesTheCapturedDovecotBodyWithTheDovecotPreset() throws Exception {
        endpoint.serve(ExpositionServer.OPENMETRICS_TYPE, Samples.text(Samples.DOVECOT));

        try (MetricsSource source = create("url", endpoint.url(), "preset", "dovecot")) {
            MetricsSnapshot snapshot = source.collect();

            assertThat(snapshot.get("dovecot.auth.success.total")).contains(BigDecimal.ONE);
            assertThat(snapshot.get("dovecot.auth.failure.total")).contains(new BigDecimal(2));
            assertThat(endpoint.lastAccept()).isEqualTo(HttpScraper.ACCEPT);
        }
    }

    @Test
    void readsThePrometheusTextFormatWhenTheEndpointNamesIt() throws Exception {
        endpoint.serve(ExpositionServer.TEXT_TYPE, Samples.text(Samples.PROMETHEUS_ODD));

        try (MetricsSource source = create("url", endpoint.url(), "include", "after_eof")) {
            assertThat(source.collect().asStringMap()).containsOnly(Map.entry("after.eof", BigDecimal.ONE),
                    Map.entry("openmetrics.skipped_samples", BigDecimal.ZERO));
        }
    }

    @Test
    void reusesAScrapeWithinTheMinimumInterval() throws Exception {
        try (MetricsSource source = create("url", endpoint.url(), "min-interval", "1h")) {
            source.collect();
            source.collect();
            source.collect();
        }
        assertThat(endpoint.requests()).isEqualTo(1);
    }

    @Test
    void oneBadLineIsSkippedCountedAndLoggedOnceWithItsLineAndColumn() throws Exception {
        try (CapturedLog log = CapturedLog.start();
             MetricsSource source = create("url", endpoint.url(), "min-interval", "0s")) {
            for (int i = 1; i <= 3; i++) {
                // The bad line's value and place move between scrapes; it is still one problem.
                endpoint.serve(ExpositionServer.OPENMETRICS_TYPE,
                        "a_total " + i + "\n" + "c 1\n".repeat(i) + "b{x=\"1\"} one" + i + "\n# EOF\n");
                MetricsSnapshot snapshot = source.collect();
                assertThat(snapshot.get("a.total")).contains(BigDecimal.valueOf(i));
                assertThat(snapshot.get("openmetrics.skipped_samples")).contains(BigDecimal.ONE);
            }
            assertThat(log.linesContaining("WARN")).containsExactly("[main] WARN "
                    + OpenMetricsSource.class.getName() + " - openmetrics: " + endpoint.url() + " skipped a faulty"
                    + " line (counted in openmetrics.skipped_samples), line 3: 'one1' is not a number, so it cannot"
                    + " be a value at column 10: 'b{x=\"1\"} one1'");
        }
    }

    @Test
    void anotherProblemIsLoggedToo() throws Exception {
        try (CapturedLog log = CapturedLog.start();
             MetricsSource source = create("url", endpoint.url(), "min-interval", "0s")) {
            endpoint.serve(ExpositionServer.TEXT_TYPE, "a 1\nb{x=\"\\A\"} 2\n");
            source.collect();
            endpoint.serve(ExpositionServer.TEXT_TYPE, "a 1\nb{x=\"\\A\"} 2\nhuge 1e300\n");
            assertThat(source.collect().get("openmetrics.skipped_samples")).contains(new BigDecimal(2));
            assertThat(log.linesContaining("WARN")).hasSize(2)
                    .anySatisfy(line -> assertThat(line).endsWith("line 2: invalid escape '\\A' in the value of"
                            + " label 'x' (only \\\\, \\\" and \\n are allowed) at column 6: 'b{x=\"\\A\"} 2'"))
                    .anySatisfy(line -> assertThat(line).endsWith("line 3: the value has more than 40 digits before"
                            + " or after the point, which a METRICS reply cannot carry at column 6: 'huge 1e300'"));
        }
    }

    @Test
    void aBodyThatIsNoExpositionIsUnavailable() throws Exception {
        endpoint.serve("text/html; charset=utf-8", "<!DOCTYPE html>\n<html><body>Login</body></html>\n");

        try (MetricsSource source = create("url", endpoint.url())) {
            assertThatThrownBy(source::collect)
                    .isInstanceOf(MetricsUnavailableException.class)
                    .hasMessage(endpoint.url() + " answered a malformed Prometheus text body, line 1: a metric name"
                            + " must start with a letter, '_' or ':' (or be quoted inside '{') at column 1:"
                            + " '<!DOCTYPE html>' (the first line is neither a comment nor a sample, so this is no"
                            + " exposition)");
        }
    }

    @Test
    void readsQuotedUtf8NamesAsPrometheus3WritesThem() throws Exception {
        endpoint.serve("text/plain; version=1.0.0; escaping=allow-utf-8; charset=utf-8", """
                # HELP "pop3.logins" Logins by result.
                # TYPE "pop3.logins" counter
                {"pop3.logins", result="ok"} 3
                {"pop3.logins", result="failed"} 1
                """);

        try (MetricsSource source = create("url", endpoint.url())) {
            assertThat(source.collect().asStringMap()).containsOnly(
                    Map.entry("pop3.logins.ok", new BigDecimal(3)),
                    Map.entry("pop3.logins.failed", BigDecimal.ONE),
                    Map.entry("openmetrics.skipped_samples", BigDecimal.ZERO));
        }
    }

    /** The body Dovecot 2.3.19 wrote for a histogram-then-field group_by metric next to a group_by metric. */
    @Test
    void keepsTheDovecotBodyWithTwoInvalidLines() throws Exception {
        endpoint.serve(ExpositionServer.OPENMETRICS_TYPE, Samples.text(Samples.DOVECOT_HISTOGRAM_GROUP_BY));

        try (MetricsSource source = create("url", endpoint.url(), "preset", "dovecot")) {
            MetricsSnapshot snapshot = source.collect();

            assertThat(snapshot.get("dovecot.auth.success.total")).contains(BigDecimal.ONE);
            assertThat(snapshot.get("dovecot.auth.failure.total")).contains(new BigDecimal(2));
            assertThat(snapshot.get("openmetrics.skipped_samples")).contains(new BigDecimal(2));
        }
    }

    @Test
    void aTruncatedOpenMetricsBodyIsUnavailable() throws Exception {
        endpoint.serve(ExpositionServer.OPENMETRICS_TYPE, "a_total 1\nb_tot");

        try (MetricsSource source = create("url", endpoint.url())) {
            assertThatThrownBy(source::collect)
                    .isInstanceOf(MetricsUnavailableException.class)
                    .hasMessage(endpoint.url() + " answered a malformed OpenMetrics body, line 3: the OpenMetrics"
                            + " body ends without '# EOF' (was it cut short?)");
        }
    }

    @Test
    void anErrorStatusIsUnavailable() throws Exception {
        endpoint.status(503);

        try (MetricsSource source = create("url", endpoint.url())) {
            assertThatThrownBy(source::collect)
                    .isInstanceOf(MetricsUnavailableException.class)
                    .hasMessage(endpoint.url() + " answered HTTP 503, expected 200");
        }
    }

    @Test
    void anUnreachableEndpointIsUnavailable() throws Exception {
        try (Socket closedPort = boundButNotListening()) {
            String url = "http://127.0.0.1:" + closedPort.getLocalPort() + "/metrics";

            try (MetricsSource source = create("url", url)) {
                assertThatThrownBy(source::collect)
                        .isInstanceOf(MetricsUnavailableException.class)
                        .hasMessageStartingWith(url + " cannot be read: ConnectException");
            }
        }
    }

    @Test
    void anEndpointThatDoesNotAnswerInTimeIsUnavailable() throws Exception {
        endpoint.hold();

        try (MetricsSource source = create("url", endpoint.url(), "timeout", "300ms")) {
            long start = System.nanoTime();
            assertThatThrownBy(source::collect)
                    .isInstanceOf(MetricsUnavailableException.class)
                    .hasMessage(endpoint.url() + " did not answer within 300ms (metrics.openmetrics.timeout)");
            // Generous: the held endpoint never answers, so only a hang would come near this bound.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        }
    }

    @Test
    void comesBackAfterTheEndpointRecovers() throws Exception {
        endpoint.status(500);
        try (MetricsSource source = create("url", endpoint.url(), "min-interval", "0s")) {
            assertThatThrownBy(source::collect).isInstanceOf(MetricsUnavailableException.class);
            endpoint.status(200).serve(ExpositionServer.OPENMETRICS_TYPE, "up_again 1\n# EOF\n");
            assertThat(source.collect().get("up.again")).contains(BigDecimal.ONE);
        }
    }

    /**
     * A port that refuses connections for as long as the socket is open: bound without
     * SO_REUSEADDR and never listening, so no other process can take it meanwhile.
     */
    private static Socket boundButNotListening() throws IOException {
        Socket socket = new Socket();
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    private static MetricsSource create(String... keysAndValues) {
        HashMap<String, String> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(OpenMetricsSettings.PREFIX + keysAndValues[i], keysAndValues[i + 1]);
        }
        return new OpenMetricsSourceProvider().create(PluginConfig.of(values));
    }
}
