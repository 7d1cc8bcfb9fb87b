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

/** A connection to a remote JMX connector, opened on first use, kept, and reopened after a failure. */
final class RemoteAccess implements MBeanServerAccess {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteAccess.class);
    /** The JNDI RMI provider's environment key for the registry lookup's socket factory. */
    private static final String JNDI_SOCKET_FACTORY = "com.sun.jndi.rmi.factory.socket";
    /** Disables the connector's heartbeat thread: a failed collection detects a lost agent. */
    private static final String CHECK_PERIOD = "jmx.remote.x.client.connection.check.period";

    private final JmxTarget.Remote target;
    private final Map<String, Object> environment;
    private final AtomicReference<JMXConnector> connector = new AtomicReference<>();
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
        JMXConnector current = connector.get();
        if (current == null) {
            if (closed) {
                throw new IOException("the jmx source is closed");
            }
            current = JMXConnectorFactory.connect(target.url(), environment);
            connector.set(current);
            if (closed) { // close() ran while this thread was connecting
                discard();
                throw new IOException("the jmx source is closed");
            }
            LOG.info("JMX source connected to {}", target.describe());
        }
        return current.getMBeanServerConnection();
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
    public void discard() {
        closeQuietly(connector.getAndSet(null));
    }

    @Override
    public void close() {
        closed = true;
        discard();
    }

    /** Closing talks to the agent, which may be the thing that hangs: do it on its own thread. */
    private void closeQuietly(JMXConnector old) {
        if (old == null) {
            return;
        }
        Thread.ofVirtual().name("push3-jmx-close").start(() -> {
            try {
                old.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Closing the JMX connection to {} failed: {}", target.describe(), e.toString());
            }
        });
    }
}
