/**
 * The metrics source SPI: where the numbers in a {@code METRICS} reply come from.
 *
 * <p>Implement {@link dev.push3.api.metrics.MetricsSourceProvider} and
 * {@link dev.push3.api.metrics.MetricsSource}; a source returns a
 * {@link dev.push3.api.metrics.MetricsSnapshot} of {@link dev.push3.api.metrics.MetricName}s
 * and decimal values.
 */
@API(status = API.Status.STABLE, since = "0.1")
@NullMarked
package dev.push3.api.metrics;

import org.apiguardian.api.API;
import org.jspecify.annotations.NullMarked;
