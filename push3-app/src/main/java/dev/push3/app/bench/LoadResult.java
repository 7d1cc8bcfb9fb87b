package dev.push3.app.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a load run measured.
 *
 * @param plan the run
 * @param operations operations completed in the measured part (a pipelined batch counts
 *     each request)
 * @param errors error replies and broken connections in the measured part
 * @param seconds the measured wall-clock time
 * @param latencyNanos each measured operation's time, sorted ascending
 */
public record LoadResult(LoadPlan plan, long operations, long errors, double seconds, long[] latencyNanos) {

    /**
     * Returns a latency percentile (nearest rank).
     *
     * @param percent from 0 to 100
     * @return the latency in milliseconds; 0 when nothing was measured
     */
    public double percentileMillis(double percent) {
        if (latencyNanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100 * latencyNanos.length);
        return latencyNanos[Math.clamp(rank - 1, 0, latencyNanos.length - 1)] / 1e6;
    }

    /**
     * Returns the throughput.
     *
     * @return operations per second of the measured part
     */
    public double operationsPerSecond() {
        return seconds > 0 ? operations / seconds : 0;
    }

    /**
     * Returns the one-line summary, for example
     * {@code push3 127.0.0.1:2254 persistent "METRICS" 50 clients pipeline 1: 5.00 s, 120000 ops, 24000 ops/s, p50 1.900 ms, p99 4.100 ms, max 9.800 ms, 0 errors}.
     *
     * @return the summary; never null
     */
    public String summary() {
        String what = plan.mode() == LoadPlan.Mode.PERSISTENT
                ? "persistent \"" + plan.command() + "\""
                : "sessions (connect, log in, \"" + plan.command() + "\", QUIT)";
        return String.format(Locale.ROOT,
                "%s %s:%d %s %d clients pipeline %d: %.2f s, %d ops, %.0f ops/s, p50 %.3f ms, p99 %.3f ms, max %.3f ms, %d errors",
                plan.protocol().name().toLowerCase(Locale.ROOT), plan.server().getHostString(), plan.server().getPort(),
                what, plan.clients(), plan.pipeline(), seconds, operations, operationsPerSecond(),
                percentileMillis(50), percentileMillis(99), latencyNanos.length == 0 ? 0 : latencyNanos[latencyNanos.length - 1] / 1e6,
                errors);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LoadResult r && plan.equals(r.plan) && operations == r.operations && errors == r.errors
                && seconds == r.seconds && Arrays.equals(latencyNanos, r.latencyNanos);
    }

    @Override
    public int hashCode() {
        return 31 * plan.hashCode() + Arrays.hashCode(latencyNanos);
    }

    @Override
    public String toString() {
        return summary();
    }
}
