package dev.push3.metrics.jmx;

import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.api.metrics.MetricsUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServerConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jmx} metrics source.
 *
 * <p>JMX calls can block for as long as the agent or the network likes, and interrupting
 * a thread does not unblock an RMI call. So the collection (connecting included) runs on a
 * virtual thread and the caller waits for it at most {@code metrics.jmx.timeout}. That bound
 * is this source's own, for what only it can do: when the wait times out, the collection is
 * abandoned and its connection is discarded (closed on a virtual thread), and the next call
 * connects afresh, so an agent
 * that froze and was replaced on the same port is read again. The abandoned thread ends when
 * a read timeout fails its call: the JVM's RMI read timeout ({@link RemoteAccess#RESPONSE_TIMEOUT},
 * which {@code bin/push3} sets) or, where that is unset, {@code metrics.jmx.timeout} on the
 * source's own TLS sockets.
 *
 * <p>Concurrent {@code METRICS} requests are not this source's concern: the server never
 * calls {@link #collect()} concurrently and bounds the whole reply by {@code metrics.timeout}
 * (see {@link MetricsSource}).
 */
final class JmxSource implements MetricsSource {
    private static final Logger LOG = LoggerFactory.getLogger(JmxSource.class);

    private final JmxTarget target;
    private final MBeanServerAccess access;
    /** Replaced whole when the rules or presets change at run time; read once per collection. */
    private volatile MBeanScraper scraper;
    private final Duration timeout;
    private final ExecutorService executor =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("push3-jmx-collect-", 0).factory());
    private final AtomicInteger running = new AtomicInteger();

    /**
     * Creates the source; it connects on the first collection.
     *
     * @param target where the MBeans are, for messages
     * @param access the MBean server
     * @param scraper the rules
     * @param timeout the longest a caller waits for a collection
     */
    JmxSource(JmxTarget target, MBeanServerAccess access, MBeanScraper scraper, Duration timeout) {
        this.target = target;
        this.access = access;
        this.scraper = scraper;
        this.timeout = timeout;
    }

    /**
     * Prepares a change of {@code metrics.jmx.rules} and {@code metrics.jmx.presets}
     * ({@link JmxSourceProvider#changeableConfigKeys()}): the rules file is read and checked
     * as at start-up; the step swaps the rules, so a collection in progress finishes with the
     * old ones. The agent and the timeout keep their start-up values (they need a restart).
     */
    @Override
    public Runnable reconfigure(PluginConfig config) {
        MBeanScraper next = new MBeanScraper(JmxSettings.from(config).rules());
        return () -> scraper = next;
    }

    /** The server logs the source going down and up; the cause's stack trace is at DEBUG here. */
    @Override
    public MetricsSnapshot collect() throws MetricsUnavailableException {
        try {
            return await(start());
        } catch (MetricsUnavailableException e) {
            LOG.debug("JMX collection failed", e);
            throw e;
        }
    }

    private Collection start() throws MetricsUnavailableException {
        if (executor.isShutdown()) {
            throw new MetricsUnavailableException("the jmx source is closed");
        }
        AtomicReference<MBeanServerConnection> used = new AtomicReference<>();
        running.incrementAndGet();
        try {
            return new Collection(executor.submit(() -> collectNow(used)), System.nanoTime(), used);
        } catch (RuntimeException e) {
            running.decrementAndGet();
            throw e;
        }
    }

    /** The caller gave up on this collection: let the next call start over on a new connection. */
    private void abandon(Collection collection) {
        MBeanServerConnection stuck = collection.used().get();
        if (stuck != null) {
            access.discard(stuck);
        }
    }

    /** Collections whose thread has not ended yet, abandoned ones included; for tests. */
    int running() {
        return running.get();
    }

    private MetricsSnapshot await(Collection collection) throws MetricsUnavailableException {
        long left = timeout.toNanos() - (System.nanoTime() - collection.startedNanos());
        try {
            if (left <= 0) {
                throw new TimeoutException();
            }
            return collection.future().get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon(collection);
            throw new MetricsUnavailableException("no answer from " + target.describe() + " within "
                    + timeout.toMillis() + "ms (metrics.jmx.timeout)");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof MetricsUnavailableException unavailable ? unavailable
                    : new MetricsUnavailableException("reading " + target.describe() + " failed: " + OneLine.of(e.getCause()),
                            e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetricsUnavailableException("interrupted while reading " + target.describe(), e);
        }
    }

    private MetricsSnapshot collectNow(AtomicReference<MBeanServerConnection> used) throws MetricsUnavailableException {
        try {
            MBeanServerConnection connection = access.connection();
            used.set(connection);
            return scraper.scrape(connection);
        } catch (IOException e) {
            discard(used);
            throw new MetricsUnavailableException("cannot read " + target.describe() + ": " + OneLine.of(e), e);
        } catch (SecurityException e) {
            discard(used);
            throw new MetricsUnavailableException("the JMX agent at " + target.describe()
                    + " refused the connection (" + OneLine.of(e.getMessage())
                    + "); check metrics.jmx.user and metrics.jmx.password", e);
        } finally {
            running.decrementAndGet();
        }
    }

    private void discard(AtomicReference<MBeanServerConnection> used) {
        MBeanServerConnection connection = used.get();
        if (connection != null) {
            access.discard(connection);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        access.close();
    }

    /**
     * A collection under way.
     *
     * @param future its result
     * @param startedNanos when it started, by {@link System#nanoTime()}
     * @param used the connection it uses, once it has one
     */
    private record Collection(Future<MetricsSnapshot> future, long startedNanos,
            AtomicReference<MBeanServerConnection> used) {
    }
}
