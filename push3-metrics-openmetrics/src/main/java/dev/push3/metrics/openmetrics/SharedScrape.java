package dev.push3.metrics.openmetrics;

import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs at most one scrape at a time and reuses its outcome for {@code min-interval}.
 *
 * <p>A caller gets the last outcome while it is younger than the interval. Otherwise it
 * starts a scrape, unless one is already running: then it waits for that one and shares its
 * outcome. So a burst of {@code METRICS} requests costs the endpoint one request, even with
 * an interval of zero. Failures are reused like successes, so a dead endpoint is not
 * hammered either. Safe for concurrent use.
 */
final class SharedScrape {

    /** A scrape that can fail the way a metrics source fails. */
    @FunctionalInterface
    interface Scrape {
        MetricsSnapshot run() throws MetricsUnavailableException;
    }

    private record Dated(Instant finished, ScrapeOutcome outcome) {
    }

    private final Scrape scrape;
    /** Changed at run time by {@code metrics.openmetrics.min-interval}; read once per request. */
    private volatile Duration minInterval;
    private final InstantSource clock;
    private final AtomicReference<CompletableFuture<ScrapeOutcome>> running = new AtomicReference<>();
    private volatile Dated last;

    SharedScrape(Scrape scrape, Duration minInterval, InstantSource clock) {
        this.scrape = scrape;
        this.minInterval = minInterval;
        this.clock = clock;
    }

    /**
     * Changes how long an outcome is reused; requests from now on compare with the new value.
     *
     * @param value the new {@code min-interval}; not negative
     */
    void minInterval(Duration value) {
        minInterval = value;
    }

    /**
     * Returns a fresh enough outcome's snapshot.
     *
     * @return the snapshot
     * @throws MetricsUnavailableException when the scrape it reuses or shares failed
     */
    MetricsSnapshot get() throws MetricsUnavailableException {
        Dated cached = last;
        if (isFresh(cached)) {
            return cached.outcome().snapshotOrThrow();
        }
        return scrapeOrJoin().snapshotOrThrow();
    }

    private ScrapeOutcome scrapeOrJoin() {
        CompletableFuture<ScrapeOutcome> mine = new CompletableFuture<>();
        CompletableFuture<ScrapeOutcome> other = running.compareAndExchange(null, mine);
        if (other != null) {
            return other.join();
        }
        try {
            Dated cached = last; // a scrape may have finished since get() looked
            ScrapeOutcome outcome = isFresh(cached) ? cached.outcome() : scrapeNow();
            mine.complete(outcome);
            return outcome;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.set(null);
        }
    }

    private ScrapeOutcome scrapeNow() {
        ScrapeOutcome outcome;
        try {
            outcome = new ScrapeOutcome.Collected(scrape.run());
        } catch (MetricsUnavailableException e) {
            outcome = new ScrapeOutcome.Failed(e);
        }
        last = new Dated(clock.instant(), outcome);
        return outcome;
    }

    private boolean isFresh(Dated dated) {
        return dated != null && clock.instant().isBefore(dated.finished().plus(minInterval));
    }
}
