package dev.push3.metrics.jmx;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to a remote JMX connector, opened on first use, kept, and reopened after a failure.
 *
 * <p>The agent's connection objects carry the agent's own client socket factory, so this JVM
 * cannot give their sockets a read timeout; the JDK's RMI transport reads
 * {@value #RESPONSE_TIMEOUT} instead (once, JVM-wide, when RMI first opens a connection).
 * Without it a read from a frozen agent blocks its thread for good, so this class sets it to
 * {@link JmxSettings#MAX_TIMEOUT} unless the operator already chose a value.
 */
final class RemoteAccess implements MBeanServerAccess {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteAccess.class);
    /** The RMI transport's read timeout (milliseconds) for calls to remote objects; 0 means none. */
    static final String RESPONSE_TIMEOUT = "sun.rmi.transport.tcp.responseTimeout";

    static {
        if (System.getProperty(RESPONSE_TIMEOUT) == null) {
            System.setProperty(RESPONSE_TIMEOUT, Long.toString(JmxSettings.MAX_TIMEOUT.toMillis()));
        }
    }
    /** The JNDI RMI provider's environment key for the registry lookup's socket factory. */
    private static final String JNDI_SOCKET_FACTORY = "com.sun.jndi.rmi.factory.socket";
    /** Disables the connector's heartbeat thread: a failed collection detects a lost agent. */
    private static final String CHECK_PERIOD = "jmx.remote.x.client.connection.check.period";

    private final JmxTarget.Remote target;
    private final Map<String, Object> environment;
    private final AtomicReference<Open> open = new AtomicReference<>();
    private volatile boolean closed;

    /**
     * Prepares the connection; connects on first use.
     *
     * @param target the agent
     * @param timeout the bound of a registry connect
     * @param tls the TLS context for the registry lookup, when the registry uses TLS
     */
    RemoteAccess(JmxTarget.Remote target, Duration timeout, Optional<SSLContext> tls) {
        this.target = target;
        this.environment = environment(target, timeout, tls);
    }

    @Override
    public MBeanServerConnection connection() throws IOException {
        Open current = open.get();
        if (current == null) {
            if (closed) {
                throw new IOException("the jmx source is closed");
            }
            JMXConnector connector = JMXConnectorFactory.connect(target.url(), environment);
            Open fresh = new Open(connector, connector.getMBeanServerConnection());
            Open other = open.compareAndExchange(null, fresh);
            if (other != null) { // another collection connected meanwhile: keep one connection
                closeQuietly(fresh);
                return other.mbeans();
            }
            if (closed) { // close() ran while this thread was connecting
                discard(fresh.mbeans());
                throw new IOException("the jmx source is closed");
            }
            LOG.info("JMX source connected to {}", target.describe());
            current = fresh;
        }
        return current.mbeans();
    }

    /** Made once: the registry lookup's socket factory stays equal, so RMI can pool its connections. */
    private static Map<String, Object> environment(JmxTarget.Remote target, Duration timeout, Optional<SSLContext> tls) {
        Map<String, Object> env = new HashMap<>();
        target.credentials().ifPresent(c -> env.put(JMXConnector.CREDENTIALS, new String[] {c.user(), c.password()}));
        Optional<SSLSocketFactory> registryTls = target.tls().filter(JmxTarget.Tls::registry)
                .flatMap(t -> tls).map(SSLContext::getSocketFactory);
        env.put(JNDI_SOCKET_FACTORY, new DeadlineSocketFactory(timeout, registryTls));
        env.put(CHECK_PERIOD, 0L);
        return Map.copyOf(env);
    }

    @Override
    public void discard(MBeanServerConnection used) {
        Open current = open.get();
        if (current != null && current.mbeans() == used && open.compareAndSet(current, null)) {
            closeQuietly(current);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(open.getAndSet(null));
    }

    /** Closing talks to the agent, which may be the thing that hangs: do it on its own thread. */
    private void closeQuietly(Open old) {
        if (old == null) {
            return;
        }
        Thread.ofVirtual().name("push3-jmx-close").start(() -> {
            try {
                old.connector().close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Closing the JMX connection to {} failed: {}", target.describe(), OneLine.of(e));
            }
        });
    }

    /**
     * An open connection.
     *
     * @param connector the connector, to close
     * @param mbeans its MBean server connection, which collections use and name when they discard it
     */
    private record Open(JMXConnector connector, MBeanServerConnection mbeans) {
    }
}
