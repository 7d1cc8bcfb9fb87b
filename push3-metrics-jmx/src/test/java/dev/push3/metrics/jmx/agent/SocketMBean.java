package dev.push3.metrics.jmx.agent;

/**
 * Shaped like Tomcat's connector: a number, and a value whose class only the agent's JVM has
 * (Tomcat's {@code SocketProperties}); see {@link AgentMain}.
 */
public interface SocketMBean {
    int getPort();

    Object getProperties();
}
