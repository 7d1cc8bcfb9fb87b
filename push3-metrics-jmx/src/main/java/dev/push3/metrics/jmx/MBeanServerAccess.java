package dev.push3.metrics.jmx;

import java.io.IOException;
import javax.management.MBeanServerConnection;

/**
 * Gives the MBean server to read, connecting when needed.
 *
 * <p>Only one collection uses it at a time ({@link JmxSource} runs one collection at a
 * time), so implementations need not coordinate {@link #connection()} calls.
 */
sealed interface MBeanServerAccess extends AutoCloseable permits PlatformAccess, RemoteAccess {

    /**
     * Returns the connection, opening it if there is none.
     *
     * @return the connection
     * @throws IOException when the agent cannot be reached
     * @throws SecurityException when the agent refuses the credentials
     */
    MBeanServerConnection connection() throws IOException;

    /** Forgets the connection after a failure, so that the next collection reconnects. */
    void discard();

    /** Closes the connection for good. */
    @Override
    void close();
}
