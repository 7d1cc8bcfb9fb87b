package dev.push3.core.session;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.core.metrics.Counter;
import dev.push3.core.metrics.MetricRegistry;
import java.util.concurrent.atomic.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door to the configured authenticator: every call to it goes through here, LOGIN
 * checks and its own counters alike.
 *
 * <p>A check turns an unexpected exception or error (even an {@link OutOfMemoryError}) or a
 * null outcome into {@link AuthOutcome.Unavailable}, and is counted here and nowhere else:
 * its outcome under {@code push3.logins.succeeded}, {@code .failed}, {@code .unavailable},
 * the time it took under {@code push3.auth.<name>.latency.}. The backend's own counters
 * ({@link Authenticator#metrics()}) are read through {@link #metrics()}, which guards them the
 * same way. Thread-safe.
 */
public final class MeasuredAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(MeasuredAuthenticator.class);

    private final String name;
    private final Authenticator authenticator;
    private final Counter succeeded;
    private final Counter failed;
    private final Counter unavailable;
    private final Counter latencyTotalMicros;
    private final LongAccumulator latencyMaxMicros = new LongAccumulator(Math::max, 0);

    /**
     * Wraps an authenticator and registers its counters.
     *
     * @param name the provider name, for metric names and logs
     * @param authenticator the backend
     * @param registry where the counters go
     */
    public MeasuredAuthenticator(String name, Authenticator authenticator, MetricRegistry registry) {
        this.name = name;
        this.authenticator = authenticator;
        String prefix = "push3.auth." + name + ".";
        this.succeeded = registry.counter("push3.logins.succeeded", MetricInfo.counter("LOGINs accepted"));
        this.failed = registry.counter("push3.logins.failed", MetricInfo.counter("LOGINs rejected for wrong credentials"));
        this.unavailable = registry.counter("push3.logins.unavailable", MetricInfo.counter(
                "LOGINs that found the authenticator unavailable"));
        this.latencyTotalMicros = registry.counter(prefix + "latency.total_us", MetricInfo.counter(
                "Time spent in the authenticator, in microseconds"));
        registry.gauge(prefix + "latency.max_us", MetricInfo.gauge("Longest authenticator request, in microseconds"),
                latencyMaxMicros::get);
        registry.gauge(prefix + "latency.avg_us", MetricInfo.gauge("Mean authenticator request time, in microseconds"),
                this::averageMicros);
    }

    /**
     * Authenticates, never throwing.
     *
     * @param credentials what the client sent
     * @return the outcome; never null
     */
    public AuthOutcome authenticate(Credentials credentials) {
        long start = System.nanoTime();
        AuthOutcome outcome;
        try {
            outcome = authenticator.authenticate(credentials);
            if (outcome == null) {
                outcome = AuthOutcome.unavailable("authenticator '" + name + "' returned no outcome");
            }
        } catch (RuntimeException | Error e) {
            // Even an OutOfMemoryError is one check's failure (a hash's buffer did not fit):
            // the client gets its reply and may try again. The session logs the reason in
            // one line; the trace is here, at debug.
            LOG.debug("Authenticator '{}' failed unexpectedly", name, e);
            outcome = AuthOutcome.unavailable("authenticator '" + name + "' failed unexpectedly: " + e);
        }
        long micros = (System.nanoTime() - start) / 1_000;
        latencyTotalMicros.add(micros);
        latencyMaxMicros.accumulate(micros);
        switch (outcome) {
            case AuthOutcome.Accepted a -> succeeded.increment();
            case AuthOutcome.Rejected r -> failed.increment();
            case AuthOutcome.Unavailable u -> unavailable.increment();
        }
        return outcome;
    }

    /**
     * Reads the backend's own counters, never throwing.
     *
     * @return its counters; empty when it has none, returned null or failed (logged at WARN)
     */
    public MetricsSnapshot metrics() {
        try {
            MetricsSnapshot own = authenticator.metrics();
            return own == null ? MetricsSnapshot.empty() : own;
        } catch (RuntimeException | Error e) { // a plugin's failure leaves out its counters, not the reply
            LOG.warn("The counters of authenticator '{}' cannot be read: {}", name, e.toString());
            return MetricsSnapshot.empty();
        }
    }

    private long averageMicros() {
        long n = succeeded.get() + failed.get() + unavailable.get();
        return n == 0 ? 0 : latencyTotalMicros.get() / n;
    }
}
