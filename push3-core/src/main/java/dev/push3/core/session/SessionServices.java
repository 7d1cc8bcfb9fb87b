package dev.push3.core.session;

import dev.push3.core.server.ServerSettings;

/**
 * What every session of one server shares.
 *
 * @param settings the server's limits
 * @param authenticator checks LOGIN
 * @param metrics answers METRICS
 * @param counters Push3's own counters
 */
public record SessionServices(
        ServerSettings settings,
        MeasuredAuthenticator authenticator,
        MetricsCollector metrics,
        ServerCounters counters) {
}
