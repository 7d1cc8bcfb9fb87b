package dev.push3.auth.pop3;

import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricsSnapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code push3.auth.pop3.*} counters only this plugin can know: cache hits, the
 * duration of POP3 sessions, how many are open and whether the server was reachable.
 * Requests and outcomes are not here: the Push3 server counts those for every backend under
 * the same names. Thread-safe and lock-free, so a {@code METRICS} request never waits for a login.
 */
final class Pop3Metrics {
    private static final String PREFIX = "push3.auth.pop3.";
    private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000);

    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder serverCalls = new LongAdder();
    private final LongAdder serverNanos = new LongAdder();
    private final LongAccumulator maxServerNanos = new LongAccumulator(Math::max, 0);
    private volatile boolean lastReachable;

    /** Counts a login answered from the cache. */
    void cacheHit() {
        cacheHits.increment();
    }

    /**
     * Records one attempt against the server.
     *
     * @param reached whether the server sent a greeting
     * @param nanos how long the attempt took, connect to close
     */
    void serverAttempt(boolean reached, long nanos) {
        serverCalls.increment();
        serverNanos.add(nanos);
        maxServerNanos.accumulate(nanos);
        lastReachable = reached;
    }

    /**
     * Returns the counters. Latency covers attempts against the server only, not cache hits.
     *
     * @param activeSessions the POP3 sessions open now
     * @return the snapshot; never null
     */
    MetricsSnapshot snapshot(int activeSessions) {
        long calls = serverCalls.sum();
        BigDecimal average = calls == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(serverNanos.sum()).divide(NANOS_PER_MILLI.multiply(BigDecimal.valueOf(calls)),
                        3, RoundingMode.HALF_UP);
        return MetricsSnapshot.builder()
                .put(PREFIX + "cache.hits", cacheHits.sum(), MetricInfo.counter("LOGINs answered from the cache"))
                .put(PREFIX + "latency.avg_ms", average, MetricInfo.gauge("Mean time the POP3 server took, in milliseconds"))
                .put(PREFIX + "latency.max_ms", BigDecimal.valueOf(maxServerNanos.get())
                        .divide(NANOS_PER_MILLI, 3, RoundingMode.HALF_UP),
                        MetricInfo.gauge("Longest time the POP3 server took, in milliseconds"))
                .put(PREFIX + "last_reachable", lastReachable ? 1 : 0,
                        MetricInfo.gauge("1 when the POP3 server answered the last attempt, else 0"))
                .put(PREFIX + "sessions.active", activeSessions, MetricInfo.gauge("POP3 sessions open now"))
                .build();
    }
}
