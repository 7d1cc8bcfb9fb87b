/**
 * The {@code openmetrics} metrics source. Not exported: the server reaches it through
 * {@link dev.push3.metrics.openmetrics.OpenMetricsSourceProvider} as a
 * {@link dev.push3.api.metrics.MetricsSourceProvider}.
 *
 * <p>A scrape goes {@link dev.push3.metrics.openmetrics.HttpScraper} (one GET) then
 * {@link dev.push3.metrics.openmetrics.ExpositionParser} (text to samples) then
 * {@link dev.push3.metrics.openmetrics.SnapshotMapping} (select and rename), and
 * {@link dev.push3.metrics.openmetrics.ScrapeRateLimit} reuses its outcome for {@code min-interval}.
 */
package dev.push3.metrics.openmetrics;
