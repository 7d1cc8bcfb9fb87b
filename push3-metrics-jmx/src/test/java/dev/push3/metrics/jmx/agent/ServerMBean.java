package dev.push3.metrics.jmx.agent;

/**
 * The attribute shape of Apache James' {@code org.apache.james.protocols.lib.jmx.ServerMBean},
 * which James registers as {@code org.apache.james:type=server,name=pop3server}.
 */
public interface ServerMBean {
    int getMaximumConcurrentConnections();

    int getCurrentConnections();

    long getHandledConnections();

    boolean isEnabled();

    boolean getStartTLSSupported();

    String[] getBoundAddresses();

    String getSocketType();

    String getServiceType();

    boolean isStarted();
}
