package dev.push3.metrics.jmx;

import java.io.IOException;
import javax.management.MBeanServerConnection;

/**
 * Gives the MBean server to read, connecting when needed.
 *
 * <p>Usually one collection uses it at a time, but a collection abandoned after the timeout
 * may still be blocked in a call while the next one reconnects, so implementations must be
 * safe for concurrent use.
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

    /**
     * Forgets a connection after a failure, so that the next collection reconnects; does
     * nothing when {@code used} is no longer the current connection (a newer one is kept).
     *
     * @param used the connection the failed collection used
     */
    void discard(MBeanServerConnection used);

    /** Closes the connection for good. */
    @Override
    void close();
}
