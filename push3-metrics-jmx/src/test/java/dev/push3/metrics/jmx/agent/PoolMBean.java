package dev.push3.metrics.jmx.agent;

/** One of many similar MBeans, for patterns that match many names; with a numeric, a boolean and a text attribute. */
public interface PoolMBean {
    int getSize();

    boolean isActive();

    String getLabel();
}
