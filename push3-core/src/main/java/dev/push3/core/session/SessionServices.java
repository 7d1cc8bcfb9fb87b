package dev.push3.core.session;

import dev.push3.core.audit.Audit;
import dev.push3.core.server.ServerSettings;
import java.util.Optional;

/**
 * What every session of one server shares.
 *
 * @param settings the server's limits
 * @param authenticator checks LOGIN
 * @param penalty the per-address failure penalty LOGINs wait for
 * @param metrics answers METRICS
 * @param counters Push3's own counters
 * @param tls the TLS side, when {@code server.tls.cert} is set; empty otherwise
 * @param audit the audit trail ({@code push3.audit})
 */
public record SessionServices(
        ServerSettings settings,
        MeasuredAuthenticator authenticator,
        AuthPenalty penalty,
        MetricsCollector metrics,
        ServerCounters counters,
        Optional<SessionTls> tls,
        Audit audit) {
}
