package dev.push3.core.session;

import dev.push3.core.server.ServerSettings;

/**
 * What every session of one server shares.
 *
 * @param settings the server's limits
 * @param authenticator checks LOGIN
 * @param penalty the per-address failure penalty LOGINs wait for
 * @param metrics answers METRICS
 * @param counters Push3's own counters
 */
public record SessionServices(
        ServerSettings settings,
        MeasuredAuthenticator authenticator,
        AuthPenalty penalty,
        MetricsCollector metrics,
        ServerCounters counters) {
}
