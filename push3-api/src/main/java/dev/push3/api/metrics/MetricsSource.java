package dev.push3.api.metrics;

/**
 * Reads the metrics of one backend (a JMX agent, an HTTP endpoint, Push3 itself).
 *
 * <p><b>Threads.</b> {@link #collect()} is called for each {@code METRICS} request, from
 * the session's virtual thread, possibly by several sessions at once: an implementation
 * must be safe for concurrent use. It should bound its own waits; the server also gives up
 * on a source after {@code metrics.timeout} and reports it down.
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
