package dev.push3.metrics.openmetrics;

import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.api.metrics.MetricsUnavailableException;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes an OpenMetrics or Prometheus text endpoint and maps its samples to Push3 names.
 *
 * <p>Safe for concurrent use: concurrent callers share one scrape, and a result is reused for
 * {@code metrics.openmetrics.min-interval} (see {@link SharedScrape}). A change between up and
 * down is logged once, at WARN with the reason (a malformed body names the line) or at INFO
 * when the endpoint answers again; repeats are logged at DEBUG.
 */
final class OpenMetricsSource implements MetricsSource {
    private static final Logger LOG = LoggerFactory.getLogger(OpenMetricsSource.class);

    private enum Health { UNKNOWN, UP, DOWN }

    private final OpenMetricsSettings settings;
    private final HttpScraper scraper;
    private final SnapshotMapping mapping;
    private final SharedScrape shared;
    private final AtomicReference<Health> health = new AtomicReference<>(Health.UNKNOWN);

    OpenMetricsSource(OpenMetricsSettings settings, InstantSource clock) {
        this.settings = settings;
        this.scraper = new HttpScraper(settings.url(), settings.timeout());
        this.mapping = new SnapshotMapping(settings.filter());
        this.shared = new SharedScrape(this::scrape, settings.minInterval(), clock);
    }

    @Override
    public MetricsSnapshot collect() throws MetricsUnavailableException {
        return shared.get();
    }

    private MetricsSnapshot scrape() throws MetricsUnavailableException {
        try {
            MetricsSnapshot snapshot = mapping.snapshot(parse(scraper.fetch()));
            if (health.getAndSet(Health.UP) == Health.DOWN) {
                LOG.info("openmetrics: {} answers again", settings.url());
            }
            return snapshot;
        } catch (MetricsUnavailableException e) {
            if (health.getAndSet(Health.DOWN) != Health.DOWN) {
                LOG.warn("openmetrics: down: {}", e.getMessage());
            } else {
                LOG.debug("openmetrics: still down: {}", e.getMessage());
            }
            throw e;
        }
    }

    private Exposition parse(ScrapedBody body) throws MetricsUnavailableException {
        try {
            return ExpositionParser.parse(body.text(), body.format());
        } catch (MalformedExpositionException e) {
            throw new MetricsUnavailableException(settings.url() + " answered a malformed "
                    + (body.format() == ExpositionFormat.OPENMETRICS ? "OpenMetrics" : "Prometheus text")
                    + " body, " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        scraper.close();
    }
}
