package dev.push3.api.auth;

import dev.push3.api.metrics.MetricsSnapshot;

/**
 * Checks the credentials of a {@code LOGIN} request against one credential backend.
 *
 * <p><b>Threads.</b> The server calls {@link #authenticate} from one virtual thread per
 * session, so an implementation must be safe for concurrent use. Blocking I/O is fine;
 * an implementation should still bound every wait with a timeout of its own.
 *
 * <p><b>Lifecycle.</b> Created once by {@link AuthenticatorProvider#create}, used for the
 * life of the server, then {@link #close() closed} once at shutdown.
 */
public interface Authenticator extends AutoCloseable {

    /**
     * Checks one user name and password.
     *
     * <p>Never throws for wrong credentials or a backend failure: those are
     * {@link AuthOutcome.Rejected} and {@link AuthOutcome.Unavailable}. An unexpected
     * runtime exception is treated by the server as unavailable.
     *
     * @param credentials what the client sent; not null
     * @return the outcome; never null
     */
    AuthOutcome authenticate(Credentials credentials);

    /**
     * Returns this backend's own counters for the in-process metrics, for example the
     * number of users loaded. Names should start with {@code push3.auth.<provider name>.}.
     *
     * <p>The default returns an empty snapshot. Called on every {@code METRICS} request,
     * from any thread; must be cheap and must not block.
     *
     * @return the counters; never null
     */
    default MetricsSnapshot metrics() {
        return MetricsSnapshot.empty();
    }

    /**
     * Releases threads, files and connections. Called once, at shutdown. The default does
     * nothing.
     */
    @Override
    default void close() {
    }
}
