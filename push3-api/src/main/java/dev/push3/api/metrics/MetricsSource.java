package dev.push3.api.metrics;

/**
 * Reads the metrics of one backend (a JMX agent, an HTTP endpoint, Push3 itself).
 *
 * <p><b>What the server guarantees, so that a source need not do it again.</b>
 * <ul>
 *   <li><b>One call at a time.</b> The server never calls {@link #collect()} of one source
 *       concurrently: {@code METRICS} requests that arrive while a collection runs share it
 *       and its outcome. A source need not coalesce requests, nor be safe for concurrent
 *       {@code collect()} calls (it must still allow {@link #close()} from another thread).
 *       The call comes from a virtual thread of the server's, not from a session's.</li>
 *   <li><b>One deadline.</b> The server waits for all sources together at most
 *       {@code metrics.timeout} and reports a late source {@code <source>.up=0}. A late
 *       collection is neither interrupted nor abandoned: the next {@code METRICS} joins it,
 *       so a source that hangs holds one thread, not one per request. A source bounds its
 *       own waits only where it can do better than wait, for instance to drop a stuck
 *       connection and connect afresh next time.</li>
 *   <li><b>One health log.</b> The server logs a source going down (WARN, with the message
 *       of the {@link MetricsUnavailableException}, or of any other exception) and coming
 *       back (INFO), once per change; repeats are at DEBUG. A source need not log its own
 *       ups and downs; a message that says what failed, on one line, is all it owes.</li>
 * </ul>
 *
 * <p><b>Lifecycle.</b> Created once by {@link MetricsSourceProvider#create}, then
 * {@link #close() closed} once at shutdown. Connections may be opened lazily and reused.
 */
public interface MetricsSource extends AutoCloseable {

    /**
     * Reads the current values.
     *
     * @return the values; never null
     * @throws MetricsUnavailableException when the backend cannot be read now; the server
     *     reports {@code <source>.up=0}
     */
    MetricsSnapshot collect() throws MetricsUnavailableException;

    /** Releases connections and threads. Called once, at shutdown. The default does nothing. */
    @Override
    default void close() {
    }
}
