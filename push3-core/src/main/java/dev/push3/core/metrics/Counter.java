package dev.push3.core.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A monotonically increasing count, cheap to update from many threads at once.
 */
public final class Counter {
    private final LongAdder count = new LongAdder();

    Counter() {
    }

    /** Adds one. */
    public void increment() {
        count.increment();
    }

    /**
     * Adds an amount.
     *
     * @param amount zero or more
     * @throws IllegalArgumentException when the amount is negative
     */
    public void add(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("a counter only goes up, was asked to add " + amount);
        }
        count.add(amount);
    }

    /**
     * Returns the count.
     *
     * @return the sum of everything added
     */
    public long get() {
        return count.sum();
    }
}
