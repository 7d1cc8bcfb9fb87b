package dev.push3.auth.pop3;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.api.metrics.MetricsSnapshot;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a login when the same user name and password log in to the POP3 server. Each
 * check that is not answered from the cache is a fresh POP3 session ({@link Pop3Dialog}),
 * run in the order {@link CheckQueue} sets. Thread-safe.
 */
final class Pop3Authenticator implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Pop3Authenticator.class);

    private final Pop3Settings settings;
    private final TlsClient tls;
    private final LoginCache cache;
    private final CheckQueue queue;
    private final Pop3Metrics metrics = new Pop3Metrics();

    /**
     * Creates the authenticator.
     *
     * @param settings the settings; not null
     * @param tls the TLS policy; not null
     * @param clock the time source of the cache; not null
     */
    Pop3Authenticator(Pop3Settings settings, TlsClient tls, InstantSource clock) {
        this.settings = settings;
        this.tls = tls;
        CredentialDigest digest = new CredentialDigest();
        this.cache = new LoginCache(settings.cacheTtl(), settings.cacheSize(), clock, digest);
        this.queue = new CheckQueue(digest, settings.maxSessions(), settings.readTimeout());
    }

    @Override
    public AuthOutcome authenticate(Credentials credentials) {
        AuthOutcome outcome = decide(credentials);
        // DEBUG only: the server logs every outcome, and an unavailable one with its reason at WARN.
        LOG.debug("POP3 login of {}: {}", credentials.user(), outcome);
        return outcome;
    }

    @Override
    public MetricsSnapshot metrics() {
        return metrics.snapshot(queue.activeSessions());
    }

    private AuthOutcome decide(Credentials credentials) {
        if (!fitsOnCommandLine(credentials)) {
            return AuthOutcome.rejected(); // no POP3 account can have such a name or password
        }
        if (cache.remembers(credentials)) {
            metrics.cacheHit();
            return AuthOutcome.accepted(credentials.user());
        }
        AuthOutcome outcome = queue.run(credentials, () -> check(credentials));
        if (outcome instanceof AuthOutcome.Accepted) {
            cache.remember(credentials);
        }
        return outcome;
    }

    private AuthOutcome check(Credentials credentials) {
        long start = System.nanoTime();
        Pop3Dialog.Attempt attempt = new Pop3Dialog(settings, tls, credentials).run();
        metrics.serverAttempt(attempt.reached(), System.nanoTime() - start);
        return attempt.outcome();
    }

    /**
     * A user name with white space or a control character, or a password with a control
     * character, would break the command line or smuggle in a second command.
     */
    private static boolean fitsOnCommandLine(Credentials credentials) {
        return credentials.user().chars().allMatch(c -> c > 0x20 && c != 0x7f)
                && credentials.password().chars().allMatch(c -> c >= 0x20 && c != 0x7f);
    }
}
