package dev.push3.metrics.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class SharedScrapeTest {
    private final MovableClock clock = new MovableClock();
    private final AtomicInteger scrapes = new AtomicInteger();

    @Test
    void reusesAResultYoungerThanTheInterval() throws Exception {
        SharedScrape shared = new SharedScrape(this::countingScrape, Duration.ofSeconds(5), clock);

        assertThat(shared.get().get("scrape")).hasValueSatisfying(v -> assertThat(v).isEqualTo("1"));
        clock.advance(Duration.ofMillis(4999));
        assertThat(shared.get().get("scrape")).hasValueSatisfying(v -> assertThat(v).isEqualTo("1"));
        clock.advance(Duration.ofMillis(1));
        assertThat(shared.get().get("scrape")).hasValueSatisfying(v -> assertThat(v).isEqualTo("2"));
        assertThat(scrapes).hasValue(2);
    }

    @Test
    void aZeroIntervalScrapesForEveryCall() throws Exception {
        SharedScrape shared = new SharedScrape(this::countingScrape, Duration.ZERO, clock);

        shared.get();
        shared.get();
        shared.get();

        assertThat(scrapes).hasValue(3);
    }

    @Test
    void reusesAFailureLikeAResultSoADeadEndpointIsNotHammered() {
        SharedScrape shared = new SharedScrape(() -> {
            scrapes.incrementAndGet();
            throw new MetricsUnavailableException("connection refused");
        }, Duration.ofSeconds(5), clock);

        assertThatThrownBy(shared::get).isInstanceOf(MetricsUnavailableException.class).hasMessage("connection refused");
        assertThatThrownBy(shared::get).isInstanceOf(MetricsUnavailableException.class).hasMessage("connection refused");
        assertThat(scrapes).hasValue(1);
    }

    @Test
    void concurrentCallersShareOneScrapeEvenWithAZeroInterval() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SharedScrape shared = new SharedScrape(() -> {
            scrapes.incrementAndGet();
            await(release);
            return MetricsSnapshot.builder().put("scrape", scrapes.get()).build();
        }, Duration.ZERO, clock);
        int callers = 8;
        List<Thread> threads = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(callers, r -> {
            Thread t = new Thread(r);
            threads.add(t);
            return t;
        });
        try {
            List<Future<MetricsSnapshot>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(shared::get));
            }
            waitUntilAllWait(threads, callers);
            release.countDown();
            for (Future<MetricsSnapshot> result : results) {
                assertThat(result.get(5, TimeUnit.SECONDS).get("scrape")).hasValueSatisfying(
                        v -> assertThat(v).isEqualTo("1"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(scrapes).hasValue(1);
    }

    private MetricsSnapshot countingScrape() {
        return MetricsSnapshot.builder().put("scrape", scrapes.incrementAndGet()).build();
    }

    /** Every caller is parked: one inside the scrape on the latch, the others joining it. */
    private static void waitUntilAllWait(List<Thread> threads, int expected) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).untilAsserted(() ->
                assertThat(threads.size() == expected && threads.stream().allMatch(SharedScrapeTest::parked))
                        .as("the callers all wait; states: %s", threads.stream().map(Thread::getState).toList())
                        .isTrue());
    }

    private static boolean parked(Thread thread) {
        return thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
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
