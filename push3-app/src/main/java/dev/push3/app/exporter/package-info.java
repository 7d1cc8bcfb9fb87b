/**
 * {@code push3 exporter}: a probe for fleets after Prometheus' blackbox exporter. Prometheus
 * asks {@code /probe?target=HOST:PORT&module=NAME}; the exporter logs in to that Push3
 * server with the named module's credentials and answers with its METRICS in the
 * Prometheus text format, plus {@code push3_probe_success} and
 * {@code push3_probe_duration_seconds}. Credentials live in the modules file, never in a URL.
 */
package dev.push3.app.exporter;
