package dev.push3.metrics.openmetrics;

import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.api.metrics.MetricsUnavailableException;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes an OpenMetrics or Prometheus text endpoint and maps its samples to Push3 names.
 *
 * <p>A result is reused for {@code metrics.openmetrics.min-interval}, a rate limit on the
 * exporter (see {@link ScrapeRateLimit}). Concurrent requests are not this source's concern:
 * the server never calls it concurrently, and it logs the source going down (with the reason
 * this source gives, a malformed body naming the line) and up again, once per change. A line skipped as faulty is
 * logged at WARN the first time its problem is seen at that place of that series (see
 * {@link LineProblem#key()}), so an endpoint that writes the same bad line on every scrape
 * costs one log line, not one per {@code METRICS}; later sightings are logged at DEBUG.
 */
final class OpenMetricsSource implements MetricsSource {
    private static final Logger LOG = LoggerFactory.getLogger(OpenMetricsSource.class);

    private final OpenMetricsSettings settings;
    private final HttpScraper scraper;
    /** Replaced whole when include, exclude or preset change at run time; read once per scrape. */
    private volatile SnapshotMapping mapping;
    private final ScrapeRateLimit rateLimit;
    /** Distinct problems remembered, so that varying bad lines cannot grow the set without bound. */
    private static final int MAX_WARNED = 1024;

    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    OpenMetricsSource(OpenMetricsSettings settings, InstantSource clock) {
        this.settings = settings;
        this.scraper = new HttpScraper(settings.url(), settings.timeout());
        this.mapping = new SnapshotMapping(settings.filter());
        this.rateLimit = new ScrapeRateLimit(this::scrape, settings.minInterval(), clock);
    }

    @Override
    public MetricsSnapshot collect() throws MetricsUnavailableException {
        return rateLimit.get();
    }

    private MetricsSnapshot scrape() throws MetricsUnavailableException {
        SnapshotMapping.Mapped mapped = mapping.map(parse(scraper.fetch()));
        mapped.skipped().forEach(this::logSkipped);
        return mapped.snapshot();
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
            rateLimit.minInterval(next.minInterval());
        };
    }

    @Override
    public void close() {
        scraper.close();
    }
}
