package dev.push3.core.session;

import dev.push3.core.audit.Audit;
import dev.push3.core.settings.ServerSettings;
import dev.push3.core.settings.SettingsRegistry;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What every session of one server shares.
 *
 * @param settings the server's limits in force now; a session reads them once, when it
 *     starts, and keeps them, so a change applies to the sessions that start after it
 * @param registry the live settings, which {@code CONFIG} reads and changes
 * @param authenticator checks LOGIN
 * @param penalty the per-address failure penalty LOGINs wait for
 * @param metrics answers METRICS
 * @param counters Push3's own counters
 * @param tls the TLS side, when {@code server.tls.cert} is set; empty otherwise
 * @param audit the audit trail ({@code push3.audit})
 */
public record SessionServices(
        Supplier<ServerSettings> settings,
        SettingsRegistry registry,
        MeasuredAuthenticator authenticator,
        AuthPenalty penalty,
        MetricsCollector metrics,
        ServerCounters counters,
        Optional<SessionTls> tls,
        Audit audit) {
}
