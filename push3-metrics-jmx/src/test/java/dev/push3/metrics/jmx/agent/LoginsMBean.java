package dev.push3.metrics.jmx.agent;

/** Exposes how many JMX logins the child's agent has seen. */
public interface LoginsMBean {
    int getCount();
}
