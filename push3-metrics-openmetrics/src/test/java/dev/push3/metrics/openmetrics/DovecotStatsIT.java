package dev.push3.metrics.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.push3.testkit.RequiresDocker;
import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.api.metrics.MetricsUnavailableException;
import dev.push3.testkit.dovecot.DovecotOptions;
import dev.push3.testkit.dovecot.DovecotServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The source against the real Dovecot 2.3 with the documented stats configuration: POP3
 * logins made directly against Dovecot move the scraped counters by exactly their number.
 */
@RequiresDocker
class DovecotStatsIT {
    private static final String SUCCESS = "dovecot.auth.success.total";
    private static final String FAILURE = "dovecot.auth.failure.total";
    private static final String SESSIONS = "dovecot.pop3.session.total";
    private static final String WRONG_PASSWORD = "dovecot.auth.passdb.request.password_mismatch.total";

    @Test
    void scrapedCountersMoveByExactlyTheLoginsMade() throws Exception {
        int good = 3;
        int wrongPassword = 2;
        int unknownUser = 1;
        try (DovecotServer dovecot = start(Map.of("alice", "secret", "bob", "hunter2"));
             MetricsSource source = source(dovecot.metricsUrl())) {
            MetricsSnapshot before = source.collect();

            for (int i = 0; i < good; i++) {
                assertThat(dovecot.pop3Login(i % 2 == 0 ? "alice" : "bob",
                        i % 2 == 0 ? "secret" : "hunter2")).isTrue();
            }
            for (int i = 0; i < wrongPassword; i++) {
                assertThat(dovecot.pop3Login("alice", "wrong" + i)).isFalse();
            }
            for (int i = 0; i < unknownUser; i++) {
                assertThat(dovecot.pop3Login("nobody" + i, "x")).isFalse();
            }

            MetricsSnapshot after = awaitAtLeast(source, before, Map.of(SUCCESS, good,
                    FAILURE, wrongPassword + unknownUser, SESSIONS, good));
            assertThat(delta(before, after, SUCCESS)).isEqualTo(good);
            assertThat(delta(before, after, FAILURE)).isEqualTo(wrongPassword + unknownUser);
            assertThat(delta(before, after, WRONG_PASSWORD)).isEqualTo(wrongPassword);
            assertThat(delta(before, after, SESSIONS)).isEqualTo(good);
            assertThat(after.asStringMap().keySet()).allMatch(n -> n.startsWith("dovecot.auth.")
                    || n.startsWith("dovecot.pop3.") || n.equals("openmetrics.skipped_samples"));
            assertThat(after.get("openmetrics.skipped_samples")).contains(BigDecimal.ZERO);
        }
    }

    @Test
    void aStoppedDovecotIsUnavailable() throws Exception {
        DovecotServer dovecot = start(Map.of("alice", "secret"));
        try (MetricsSource source = source(dovecot.metricsUrl())) {
            assertThat(source.collect().get(SUCCESS)).isPresent();
            dovecot.close();
            assertThatThrownBy(source::collect)
                    .isInstanceOf(MetricsUnavailableException.class)
                    .hasMessageStartingWith(dovecot.metricsUrl() + " cannot be read");
        } finally {
            dovecot.close();
        }
    }

    /**
     * Dovecot 2.3.19 writes invalid lines ({@code dovecot_auth_failure_by_user_total{"duration_11_100"} 1})
     * for a metric grouped by a field that follows one grouped by a histogram and then a field:
     * those lines are skipped and counted, and every other counter is still read.
     */
    @Test
    void aHistogramNextToAGroupByMetricNeverTakesTheSourceDown() throws Exception {
        String blocks = Samples.text(Samples.DOVECOT_METRICS) + """
                metric auth_passdb_duration_by_result {
                  filter = event=auth_passdb_request_finished
                  group_by = duration:exponential:1:5:10 result
                }
                metric auth_failure_by_user {
                  filter = event=auth_request_finished AND NOT success=yes
                  group_by = user
                }
                """;
        try (DovecotServer dovecot = DovecotServer.start(DovecotOptions.plainPasswords(Map.of("alice", "secret"))
                .withStats(blocks));
             MetricsSource source = source(dovecot.metricsUrl())) {
            MetricsSnapshot before = source.collect();
            assertThat(dovecot.pop3Login("alice", "secret")).isTrue();
            assertThat(dovecot.pop3Login("alice", "wrong")).isFalse();
            assertThat(dovecot.pop3Login("nobody", "x")).isFalse();

            MetricsSnapshot after = awaitAtLeast(source, before, Map.of(SUCCESS, 1, FAILURE, 2));
            assertThat(delta(before, after, SUCCESS)).isEqualTo(1);
            assertThat(delta(before, after, FAILURE)).isEqualTo(2);
            // Dovecot 2.3.19 writes its invalid line (a histogram bucket under the group_by
            // metric's name) in some runs only, depending on the order it renders its metrics, so
            // the count of skipped lines is not asserted here: the body captured from this image
            // with the invalid line (dovecot-2.3.19-histogram-group-by.txt) is served to the
            // source in OpenMetricsSourceTest, which asserts what it skips and counts.
            assertThat(after.get("openmetrics.skipped_samples")).isPresent();
        }
    }

    /** Dovecot with these {@code {PLAIN}} users, its stats listener and the documented metric blocks. */
    static DovecotServer start(Map<String, String> users) {
        return DovecotServer.start(DovecotOptions.plainPasswords(users).withStats(Samples.text(Samples.DOVECOT_METRICS)));
    }

    static MetricsSource source(String url) {
        return new OpenMetricsSourceProvider().create(PluginConfig.of(Map.of(
                "metrics.openmetrics.url", url,
                "metrics.openmetrics.preset", "dovecot",
                "metrics.openmetrics.min-interval", "0s")));
    }

    /**
     * Dovecot's processes send their events to the stats process asynchronously, so a scrape
     * right after a login may not count it yet: scrape until every counter has moved at least
     * as expected (at most 10 s), then until they held still for 300 ms, so the exact assertions
     * that follow can still catch a late extra count.
     */
    static MetricsSnapshot awaitAtLeast(MetricsSource source, MetricsSnapshot before, Map<String, Integer> moves) {
        await("Dovecot's counters to move by " + moves).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(source::collect, now -> moves.entrySet().stream()
                        .allMatch(e -> delta(before, now, e.getKey()) >= e.getValue()));
        AtomicReference<List<Object>> last = new AtomicReference<>(List.of());
        return await("Dovecot's counters holding still").during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(source::collect, now -> {
                    List<Object> counters = moves.keySet().stream().map(name -> (Object) now.get(name)).toList();
                    return counters.equals(last.getAndSet(counters));
                });
    }

    static long delta(MetricsSnapshot before, MetricsSnapshot after, String name) {
        BigDecimal from = before.get(name).orElse(BigDecimal.ZERO);
        BigDecimal to = after.get(name).orElseThrow(() -> new AssertionError(name + " missing from " + after));
        return to.subtract(from).longValueExact();
    }
}
