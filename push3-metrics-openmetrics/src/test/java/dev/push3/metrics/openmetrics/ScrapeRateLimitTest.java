package dev.push3.metrics.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScrapeRateLimitTest {
    private final MovableClock clock = new MovableClock();
    private final AtomicInteger scrapes = new AtomicInteger();

    @Test
    void reusesAResultYoungerThanTheInterval() throws Exception {
        ScrapeRateLimit shared = new ScrapeRateLimit(this::countingScrape, Duration.ofSeconds(5), clock);

        assertThat(shared.get().get("scrape")).hasValueSatisfying(v -> assertThat(v).isEqualTo("1"));
        clock.advance(Duration.ofMillis(4999));
        assertThat(shared.get().get("scrape")).hasValueSatisfying(v -> assertThat(v).isEqualTo("1"));
        clock.advance(Duration.ofMillis(1));
        assertThat(shared.get().get("scrape")).hasValueSatisfying(v -> assertThat(v).isEqualTo("2"));
        assertThat(scrapes).hasValue(2);
    }

    @Test
    void aZeroIntervalScrapesForEveryCall() throws Exception {
        ScrapeRateLimit shared = new ScrapeRateLimit(this::countingScrape, Duration.ZERO, clock);

        shared.get();
        shared.get();
        shared.get();

        assertThat(scrapes).hasValue(3);
    }

    @Test
    void reusesAFailureLikeAResultSoADeadEndpointIsNotHammered() {
        ScrapeRateLimit shared = new ScrapeRateLimit(() -> {
            scrapes.incrementAndGet();
            throw new MetricsUnavailableException("connection refused");
        }, Duration.ofSeconds(5), clock);

        assertThatThrownBy(shared::get).isInstanceOf(MetricsUnavailableException.class).hasMessage("connection refused");
        assertThatThrownBy(shared::get).isInstanceOf(MetricsUnavailableException.class).hasMessage("connection refused");
        assertThat(scrapes).hasValue(1);
    }

    private MetricsSnapshot countingScrape() {
        return MetricsSnapshot.builder().put("scrape", scrapes.incrementAndGet()).build();
    }

    /** A clock the test moves by hand. */
    static final class MovableClock implements InstantSource {
        private volatile Instant now = Instant.parse("2026-11-27T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
