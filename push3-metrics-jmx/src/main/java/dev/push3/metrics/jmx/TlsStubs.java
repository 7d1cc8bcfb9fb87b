package dev.push3.metrics.jmx;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.rmi.Remote;
import java.rmi.server.RMIClientSocketFactory;
import java.util.Objects;
import javax.management.remote.rmi.RMIConnection;
import javax.management.remote.rmi.RMIServer;

/**
 * Makes the agent's RMI stubs open their sockets with this source's TLS context instead of
 * the JVM's default one, so that a JMX trust store changes nothing outside this source.
 *
 * <p>An agent with {@code com.sun.management.jmxremote.ssl=true} hands out its stubs with
 * its own client socket factory, {@code javax.rmi.ssl.SslRMIClientSocketFactory}, which
 * always takes the JVM's default {@code SSLSocketFactory}. No public API replaces a stub's
 * factory, but a stub is serializable and writes its factory as an object of its own: this
 * class copies each stub through serialization, writing a placeholder instead of the agent's
 * factory and reading this source's factory in its place. The copy calls the same remote
 * object; only where its sockets come from changes. The JDK's own stub code does the rest.
 *
 * <p>Safe for concurrent use; it keeps no state beyond the factory.
 *
 * @param factory the socket factory the copied stubs use: TLS with this source's context,
 *     host name check, and connect and read deadlines
 */
record TlsStubs(RMIClientSocketFactory factory) {
    TlsStubs {
        Objects.requireNonNull(factory, "factory");
    }

    /**
     * Wraps the agent's server stub so that it, and every connection it opens, uses
     * {@link #factory}.
     *
     * @param agent the stub found in the agent's registry
     * @return the server to give {@code RMIConnector}
     * @throws IOException when the stub cannot be copied
     */
    RMIServer server(RMIServer agent) throws IOException {
        return new Server(copy(agent, RMIServer.class), this);
    }

    /** Copies a stub, replacing any client socket factory in it by {@link #factory}. */
    <T extends Remote> T copy(T stub, Class<T> type) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new Replacing(bytes)) {
            out.writeObject(stub);
        }
        try (ObjectInputStream in = new Resolving(new ByteArrayInputStream(bytes.toByteArray()), factory)) {
            return type.cast(in.readObject());
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new InvalidObjectException("cannot copy the JMX agent's " + type.getSimpleName() + " stub: " + e);
        }
    }

    /** Stands for the agent's socket factory in the copy's bytes. */
    private enum Placeholder {
        AGENT_FACTORY
    }

    private static final class Replacing extends ObjectOutputStream {
        Replacing(ByteArrayOutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) {
            return obj instanceof RMIClientSocketFactory ? Placeholder.AGENT_FACTORY : obj;
        }
    }

    private static final class Resolving extends ObjectInputStream {
        private final RMIClientSocketFactory factory;

        Resolving(ByteArrayInputStream in, RMIClientSocketFactory factory) throws IOException {
            super(in);
            this.factory = factory;
            enableResolveObject(true);
        }

        @Override
        protected Object resolveObject(Object obj) {
            return obj == Placeholder.AGENT_FACTORY ? factory : obj;
        }
    }

    /**
     * The agent's server, reached through a copied stub; the connections it opens are copied too.
     *
     * @param agent the copied server stub
     * @param stubs the copier
     */
    private record Server(RMIServer agent, TlsStubs stubs) implements RMIServer {
        @Override
        public String getVersion() throws java.rmi.RemoteException {
            return agent.getVersion();
        }

        @Override
        public RMIConnection newClient(Object credentials) throws IOException {
            return stubs.copy(agent.newClient(credentials), RMIConnection.class);
        }
    }
}
