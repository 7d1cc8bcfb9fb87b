package dev.push3.metrics.jmx.agent;

/** A {@link PoolMBean} with fixed values. */
public record Pool(int size, boolean active) implements PoolMBean {
    @Override
    public int getSize() {
        return size;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public String getLabel() {
        return "pool of " + size;
    }
}
