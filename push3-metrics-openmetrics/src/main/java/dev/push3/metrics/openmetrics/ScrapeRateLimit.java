package dev.push3.metrics.openmetrics;

import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A rate limit on the exporter ({@code metrics.openmetrics.min-interval}): a scrape's outcome
 * is reused while it is younger than the interval, so frequent {@code METRICS} requests cost
 * the endpoint at most one request per interval. Failures are reused like successes, so a dead
 * endpoint is not hammered either.
 *
 * <p>Not a coalescing of concurrent requests: the server already never calls a source
 * concurrently (see {@link dev.push3.api.metrics.MetricsSource}). Called concurrently anyway,
 * it stays correct and may scrape once per caller.
 */
final class ScrapeRateLimit {

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
    private volatile Dated last;

    ScrapeRateLimit(Scrape scrape, Duration minInterval, InstantSource clock) {
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
     * Returns the last outcome's snapshot while it is younger than the interval, else scrapes.
     *
     * @return the snapshot
     * @throws MetricsUnavailableException when the scrape it reuses or makes failed
     */
    MetricsSnapshot get() throws MetricsUnavailableException {
        Dated cached = last;
        if (cached != null && clock.instant().isBefore(cached.finished().plus(minInterval))) {
            return cached.outcome().snapshotOrThrow();
        }
        ScrapeOutcome outcome;
        try {
            outcome = new ScrapeOutcome.Collected(scrape.run());
        } catch (MetricsUnavailableException e) {
            outcome = new ScrapeOutcome.Failed(e);
        }
        last = new Dated(clock.instant(), outcome);
        return outcome.snapshotOrThrow();
    }
}
