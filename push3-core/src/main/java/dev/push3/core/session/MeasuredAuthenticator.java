package dev.push3.core.session;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.api.metrics.MetricInfo;
import dev.push3.core.metrics.Counter;
import dev.push3.core.metrics.MetricRegistry;
import java.util.concurrent.atomic.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the configured authenticator, turns an unexpected exception or error (even an
 * {@link OutOfMemoryError}) or a null outcome into {@link AuthOutcome.Unavailable}, and counts requests, outcomes and latency under
 * {@code push3.auth.<name>.}. The backend's own counters are registered as gauges.
 */
public final class MeasuredAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(MeasuredAuthenticator.class);

    private final String name;
    private final Authenticator authenticator;
    private final Counter requests;
    private final Counter accepted;
    private final Counter rejected;
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
        this.requests = registry.counter(prefix + "requests", MetricInfo.counter("Requests to the authenticator"));
        this.accepted = registry.counter(prefix + "accepted", MetricInfo.counter("Credentials the authenticator accepted"));
        this.rejected = registry.counter(prefix + "rejected", MetricInfo.counter("Credentials the authenticator rejected"));
        this.unavailable = registry.counter(prefix + "unavailable", MetricInfo.counter("Requests that found the authenticator unavailable"));
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
        requests.increment();
        latencyTotalMicros.add(micros);
        latencyMaxMicros.accumulate(micros);
        switch (outcome) {
            case AuthOutcome.Accepted a -> accepted.increment();
            case AuthOutcome.Rejected r -> rejected.increment();
            case AuthOutcome.Unavailable u -> unavailable.increment();
        }
        return outcome;
    }

    private long averageMicros() {
        long n = requests.get();
        return n == 0 ? 0 : latencyTotalMicros.get() / n;
    }
}
