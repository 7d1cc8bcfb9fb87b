package dev.push3.metrics.jmx;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.rmi.RMIConnector;
import javax.management.remote.rmi.RMIServer;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to a remote JMX connector, opened on first use, kept, and reopened after a failure.
 *
 * <p>Over TLS, the agent's stubs are copied to use this source's own TLS context and deadlines
 * ({@link TlsStubs}); nothing JVM-wide is changed. A plain agent's stubs use the JDK's default
 * sockets, whose reads are bounded only by the JDK's RMI transport setting
 * {@value #RESPONSE_TIMEOUT}, read once, JVM-wide: a plugin must not set it, so the
 * {@code bin/push3} launcher passes {@code -Dsun.rmi.transport.tcp.responseTimeout=60000}
 * (an operator's {@code PUSH3_JAVA_OPTS} can override it).
 */
final class RemoteAccess implements MBeanServerAccess {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteAccess.class);
    /** The RMI transport's read timeout (milliseconds) for calls to remote objects; 0 means none. */
    static final String RESPONSE_TIMEOUT = "sun.rmi.transport.tcp.responseTimeout";
    /** The path of a {@code service:jmx:rmi:///jndi/rmi://HOST:PORT/NAME} URL up to the JNDI name. */
    static final String JNDI_PATH = "/jndi/";
    /** The JNDI RMI provider's environment key for the registry lookup's socket factory. */
    private static final String JNDI_SOCKET_FACTORY = "com.sun.jndi.rmi.factory.socket";
    /** Disables the connector's heartbeat thread: a failed collection detects a lost agent. */
    private static final String CHECK_PERIOD = "jmx.remote.x.client.connection.check.period";

    private final JmxTarget.Remote target;
    private final Map<String, Object> environment;
    private final Optional<TlsStubs> stubs;
    private final AtomicReference<Open> open = new AtomicReference<>();
    private volatile boolean closed;

    /**
     * Prepares the connection; connects on first use.
     *
     * @param target the agent
     * @param timeout the bound of a registry connect
     * @param tls this source's TLS context, when the agent uses TLS: for the registry lookup
     *     when the registry uses TLS too, and for every stub the agent hands out
     */
    RemoteAccess(JmxTarget.Remote target, Duration timeout, Optional<SSLContext> tls) {
        this.target = target;
        this.environment = environment(target, timeout, tls);
        this.stubs = tls.map(context -> new TlsStubs(new DeadlineSocketFactory(timeout,
                Optional.of(context.getSocketFactory()))));
    }

    @Override
    public MBeanServerConnection connection() throws IOException {
        Open current = open.get();
        if (current == null) {
            if (closed) {
                throw new IOException("the jmx source is closed");
            }
            JMXConnector connector = stubs.isEmpty() ? JMXConnectorFactory.connect(target.url(), environment)
                    : connectWith(stubs.get());
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

    /** What {@code JMXConnectorFactory.connect} does for a JNDI URL, with the agent's stubs copied. */
    private JMXConnector connectWith(TlsStubs own) throws IOException {
        RMIConnector connector = new RMIConnector(own.server(lookup()), environment);
        connector.connect(environment);
        return connector;
    }

    private RMIServer lookup() throws IOException {
        String name = target.url().getURLPath().substring(JNDI_PATH.length());
        try {
            InitialContext context = new InitialContext(new Hashtable<>(environment));
            try {
                if (context.lookup(name) instanceof RMIServer server) {
                    return server;
                }
                throw new IOException(name + " in the agent's registry is not a JMX RMI connector server");
            } finally {
                context.close();
            }
        } catch (NamingException e) {
            throw new IOException("cannot look up " + name + ": " + OneLine.of(e), e);
        }
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
