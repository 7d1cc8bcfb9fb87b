package dev.push3.metrics.openmetrics;

import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.api.metrics.MetricsUnavailableException;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes an OpenMetrics or Prometheus text endpoint and maps its samples to Push3 names.
 *
 * <p>Safe for concurrent use: concurrent callers share one scrape, and a result is reused for
 * {@code metrics.openmetrics.min-interval} (see {@link SharedScrape}). A change between up and
 * down is logged once, at WARN with the reason (a malformed body names the line) or at INFO
 * when the endpoint answers again; repeats are logged at DEBUG. A line skipped as faulty is
 * logged at WARN the first time its problem is seen at that place of that series (see
 * {@link LineProblem#key()}), so an endpoint that writes the same bad line on every scrape
 * costs one log line, not one per {@code METRICS}; later sightings are logged at DEBUG.
 */
final class OpenMetricsSource implements MetricsSource {
    private static final Logger LOG = LoggerFactory.getLogger(OpenMetricsSource.class);

    private enum Health { UNKNOWN, UP, DOWN }

    private final OpenMetricsSettings settings;
    private final HttpScraper scraper;
    /** Replaced whole when include, exclude or preset change at run time; read once per scrape. */
    private volatile SnapshotMapping mapping;
    private final SharedScrape shared;
    /** Distinct problems remembered, so that varying bad lines cannot grow the set without bound. */
    private static final int MAX_WARNED = 1024;

    private final AtomicReference<Health> health = new AtomicReference<>(Health.UNKNOWN);
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

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
            SnapshotMapping.Mapped mapped = mapping.map(parse(scraper.fetch()));
            if (health.getAndSet(Health.UP) == Health.DOWN) {
                LOG.info("openmetrics: {} answers again", settings.url());
            }
            mapped.skipped().forEach(this::logSkipped);
            return mapped.snapshot();
        } catch (MetricsUnavailableException e) {
            if (health.getAndSet(Health.DOWN) != Health.DOWN) {
                LOG.warn("openmetrics: down: {}", e.getMessage());
            } else {
                LOG.debug("openmetrics: still down: {}", e.getMessage());
            }
            throw e;
        }
    }

    private void logSkipped(LineProblem problem) {
        boolean first = warned.size() < MAX_WARNED ? warned.add(problem.key()) : !warned.contains(problem.key());
        if (first) {
            LOG.warn("openmetrics: {} skipped a faulty line (counted in {}), {}", settings.url(),
                    SnapshotMapping.SKIPPED_SAMPLES, problem.describe());
        } else {
            LOG.debug("openmetrics: {} skipped again, {}", settings.url(), problem.describe());
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

    /**
     * Prepares a change of {@code min-interval}, {@code preset}, {@code include} and
     * {@code exclude} ({@link OpenMetricsSourceProvider#changeableConfigKeys()}): the keys are
     * read as at start-up; the step swaps the filter and the reuse interval. The URL and the
     * timeout keep their start-up values (they need a restart).
     */
    @Override
    public Runnable reconfigure(PluginConfig config) {
        OpenMetricsSettings next = OpenMetricsSettings.from(config);
        SnapshotMapping nextMapping = new SnapshotMapping(next.filter());
        return () -> {
            mapping = nextMapping;
            shared.minInterval(next.minInterval());
        };
    }

    @Override
    public void close() {
        scraper.close();
    }
}
