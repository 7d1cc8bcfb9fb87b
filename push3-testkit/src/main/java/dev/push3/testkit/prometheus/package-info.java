/**
 * The real Prometheus server (Debian's {@code prometheus} package) run by a test: it scrapes
 * endpoints the test started, and the test reads the samples back through Prometheus' HTTP
 * query API ({@link dev.push3.testkit.prometheus.PrometheusServer}).
 */
package dev.push3.testkit.prometheus;
