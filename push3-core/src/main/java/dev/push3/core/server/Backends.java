package dev.push3.core.server;

import dev.push3.api.ProviderName;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.metrics.MetricsSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.SequencedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins a server runs with: one authenticator and any number of metrics sources,
 * each under the name users chose it by. The in-process counters are always on and need
 * no entry here. The server takes ownership: it closes them all at shutdown.
 *
 * @param authenticatorName the authenticator's provider name, used in metric names
 * @param authenticator checks LOGIN
 * @param sources the metrics sources by name, in configuration order
 */
public record Backends(String authenticatorName, Authenticator authenticator, SequencedMap<String, MetricsSource> sources)
        implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);


    /** The name of the built-in source of Push3's own counters. */
    public static final String IN_PROCESS = ProviderName.IN_PROCESS;

    /** Copies the sources; checks names. */
    public Backends {
        Objects.requireNonNull(authenticatorName, "authenticatorName");
        Objects.requireNonNull(authenticator, "authenticator");
        LinkedHashMap<String, MetricsSource> copy = new LinkedHashMap<>(sources);
        if (copy.containsKey(IN_PROCESS)) {
            throw new IllegalArgumentException("'" + IN_PROCESS + "' is built in and always on");
        }
        sources = Collections.unmodifiableSequencedMap(copy);
    }

    /**
     * Starts with an authenticator and no other metrics source than the in-process one.
     *
     * @param name the authenticator's provider name; not null
     * @param authenticator the authenticator; not null
     * @return the backends; never null
     */
    public static Backends of(String name, Authenticator authenticator) {
        return new Backends(name, authenticator, new LinkedHashMap<>());
    }

    /**
     * Returns these backends plus one metrics source.
     *
     * @param name the source's name, reported as {@code <name>.up}; not null
     * @param source the source; not null
     * @return new backends; never null
     */
    public Backends withSource(String name, MetricsSource source) {
        LinkedHashMap<String, MetricsSource> more = new LinkedHashMap<>(sources);
        if (more.putIfAbsent(Objects.requireNonNull(name, "name"), Objects.requireNonNull(source, "source")) != null) {
            throw new IllegalArgumentException("metrics source '" + name + "' given twice");
        }
        return new Backends(authenticatorName, authenticator, more);
    }

    /**
     * Closes the authenticator and every source; a failure is logged and the rest are
     * still closed.
     */
    @Override
    public void close() {
        close("authenticator '" + authenticatorName + "'", authenticator);
        sources.forEach((name, source) -> close("metrics source '" + name + "'", source));
    }

    private static void close(String what, AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed: {}", what, e.toString());
        }
    }

    /** Shows the names only. */
    @Override
    public String toString() {
        return "Backends[auth=" + authenticatorName + ", sources=" + sources.keySet() + "]";
    }
}
