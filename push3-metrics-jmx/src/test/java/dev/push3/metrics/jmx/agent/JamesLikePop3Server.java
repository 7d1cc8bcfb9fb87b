package dev.push3.metrics.jmx.agent;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A POP3 server stand-in whose counters the test drives: connect and disconnect. */
public final class JamesLikePop3Server implements ServerMBean {
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicLong handled = new AtomicLong();
    private final int maximum;

    public JamesLikePop3Server(int maximum) {
        this.maximum = maximum;
    }

    public void connect() {
        current.incrementAndGet();
        handled.incrementAndGet();
    }

    public void disconnect() {
        current.decrementAndGet();
    }

    @Override
    public int getMaximumConcurrentConnections() {
        return maximum;
    }

    @Override
    public int getCurrentConnections() {
        return current.get();
    }

    @Override
    public long getHandledConnections() {
        return handled.get();
    }

    @Override
    public boolean isEnabled() {
        return true;
    }

    @Override
    public boolean getStartTLSSupported() {
        return false;
    }

    @Override
    public String[] getBoundAddresses() {
        return new String[] {"127.0.0.1:110"};
    }

    @Override
    public String getSocketType() {
        return "plain";
    }

    @Override
    public String getServiceType() {
        return "POP3 Service";
    }

    @Override
    public boolean isStarted() {
        return true;
    }
}
