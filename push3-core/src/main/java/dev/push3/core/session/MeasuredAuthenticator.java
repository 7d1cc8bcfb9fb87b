package dev.push3.core.session;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.core.metrics.Counter;
import dev.push3.core.metrics.MetricRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door to the configured authenticator: every call to it goes through here, LOGIN
 * checks and its own counters alike.
 *
 * <p>A check turns an unexpected exception or error (even an {@link OutOfMemoryError}) or a
 * null outcome into {@link AuthOutcome.Unavailable}, and is counted here and nowhere else:
 * its outcome by the door it came through ({@link Door}: {@code push3.logins.succeeded},
 * {@code .failed}, {@code .unavailable} for LOGIN, {@code push3.http.logins.*} for the
 * Prometheus endpoint's basic authentication, so that scrapes do not pass for LOGINs), the
 * time it took under {@code push3.auth.<name>.latency.}. The backend's own counters
 * ({@link Authenticator#metrics()}) are read through {@link #metrics()}, which guards them the
 * same way. Thread-safe.
 */
public final class MeasuredAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(MeasuredAuthenticator.class);

    private final String name;
    private final Authenticator authenticator;
    private final Map<Door, Outcomes> outcomes = new EnumMap<>(Door.class);
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
        for (Door door : Door.values()) {
            outcomes.put(door, new Outcomes(registry, door));
        }
        // No unit in the help: the name carries it, microseconds in METRICS and seconds at /metrics.
        this.latencyTotalMicros = registry.counter(prefix + "latency.total_us", MetricInfo.counter(
                "Time spent in the authenticator"));
        registry.gauge(prefix + "latency.max_us", MetricInfo.gauge("Longest authenticator request"),
                latencyMaxMicros::get);
        registry.gauge(prefix + "latency.avg_us", MetricInfo.gauge("Mean authenticator request time"),
                this::averageMicros);
    }

    /** Where credentials come in, each counted under its own names. */
    public enum Door {
        /** The {@code LOGIN} command. */
        LOGIN("push3.logins.", "LOGINs"),
        /** HTTP basic authentication at the Prometheus endpoint ({@code http.port}). */
        HTTP("push3.http.logins.", "Prometheus endpoint requests with basic-authentication credentials");

        private final String prefix;
        private final String what;

        Door(String prefix, String what) {
            this.prefix = prefix;
            this.what = what;
        }
    }

    private record Outcomes(Counter succeeded, Counter failed, Counter unavailable) {
        Outcomes(MetricRegistry registry, Door door) {
            this(registry.counter(door.prefix + "succeeded", MetricInfo.counter(door.what + " accepted")),
                    registry.counter(door.prefix + "failed", MetricInfo.counter(door.what + " rejected for wrong credentials")),
                    registry.counter(door.prefix + "unavailable", MetricInfo.counter(
                            door.what + " that found the authenticator unavailable")));
        }

        long total() {
            return succeeded.get() + failed.get() + unavailable.get();
        }
    }

    /**
     * Authenticates, never throwing.
     *
     * @param credentials what the client sent
     * @param door where they came in, for the counters
     * @return the outcome; never null
     */
    public AuthOutcome authenticate(Credentials credentials, Door door) {
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
        Outcomes counted = outcomes.get(door);
        switch (outcome) {
            case AuthOutcome.Accepted a -> counted.succeeded().increment();
            case AuthOutcome.Rejected r -> counted.failed().increment();
            case AuthOutcome.Unavailable u -> counted.unavailable().increment();
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
        long n = outcomes.values().stream().mapToLong(Outcomes::total).sum();
        return n == 0 ? 0 : latencyTotalMicros.get() / n;
    }
}
