package dev.push3.app.exporter;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** What one probe found: the target's metrics, or why there are none. */
public sealed interface ProbeResult {
    /**
     * Returns how long the probe took, from the request to the answer or the failure.
     *
     * @return the duration; never null
     */
    Duration duration();

    /**
     * Logged in and read METRICS.
     *
     * @param metrics the target's metrics by name, as METRICS gave them; never null
     * @param duration how long it took
     */
    record Succeeded(Map<String, BigDecimal> metrics, Duration duration) implements ProbeResult {
        /** Copies the metrics. */
        public Succeeded {
            metrics = Map.copyOf(metrics);
            Objects.requireNonNull(duration, "duration");
        }
    }

    /**
     * Unreachable, TLS failed, LOGIN or METRICS answered FAIL, or the time ran out.
     *
     * @param reason one line for the log, never a password; not null
     * @param duration how long it took
     */
    record Failed(String reason, Duration duration) implements ProbeResult {
        /** Checks the parts. */
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(duration, "duration");
        }
    }
}
