/**
 * The {@code openmetrics} metrics source for Push3: scrapes an HTTP endpoint in the
 * Prometheus or OpenMetrics text format (Dovecot's {@code service stats} listener, for
 * example) and reports its samples in {@code METRICS} under dotted names.
 *
 * <p>Exports nothing. Uses {@code java.net.http} for the scrape and {@code org.slf4j} for
 * logging.
 *
 * @provides dev.push3.api.metrics.MetricsSourceProvider the source named {@code openmetrics}
 */
module dev.push3.metrics.openmetrics {
    requires dev.push3.api;
    requires java.net.http;
    requires org.slf4j;

    provides dev.push3.api.metrics.MetricsSourceProvider
            with dev.push3.metrics.openmetrics.OpenMetricsSourceProvider;
}
