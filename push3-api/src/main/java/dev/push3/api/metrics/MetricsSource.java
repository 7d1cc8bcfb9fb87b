package dev.push3.api.metrics;

import dev.push3.api.PluginConfig;
import org.apiguardian.api.API;

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

    /**
     * Prepares a change of the keys the provider declares
     * {@linkplain MetricsSourceProvider#changeableConfigKeys() changeable}: reads and checks
     * {@code config} exactly as {@link MetricsSourceProvider#create} does, changing nothing,
     * and returns the step that puts the new values in force. The server runs that step only
     * when every other part of the same change was valid too (a reload may change several
     * sources and the server's own keys at once), so a change applies whole or not at all.
     *
     * <p><b>Threads.</b> Called on the thread that asked for the change (a session's, or the
     * reload's), never concurrently with another {@code reconfigure} of this source, but
     * concurrently with {@link #collect()}. The returned step must not fail and must swap
     * immutable state, so that a {@code collect} in progress finishes with the old values
     * and the next one uses the new. A returned step that is never run must leave no trace.
     *
     * @param config this source's keys under {@code metrics.<name>.}, all of them as they
     *     would be after the change, with their full names; not null
     * @return the step that applies the change; never null
     * @throws dev.push3.api.ConfigException naming the key with a bad value, with the message
     *     start-up would give
     * @throws UnsupportedOperationException by default: the provider declares no changeable key
     * @since 0.3
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.3")
    default Runnable reconfigure(PluginConfig config) {
        throw new UnsupportedOperationException("this metrics source declares no key that can change at run time");
    }

    /** Releases connections and threads. Called once, at shutdown. The default does nothing. */
    @Override
    default void close() {
    }
}
