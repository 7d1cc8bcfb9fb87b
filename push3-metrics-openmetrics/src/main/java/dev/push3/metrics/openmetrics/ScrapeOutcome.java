package dev.push3.metrics.openmetrics;

import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsUnavailableException;
import java.util.Objects;

/** How one scrape ended; kept so the callers that share or reuse it get the same answer. */
sealed interface ScrapeOutcome {

    /**
     * Returns the snapshot, or throws the failure.
     *
     * @return the snapshot
     * @throws MetricsUnavailableException a new one for each caller, caused by the scrape's failure
     */
    MetricsSnapshot snapshotOrThrow() throws MetricsUnavailableException;

    /**
     * The scrape was read and mapped.
     *
     * @param snapshot the metrics
     */
    record Collected(MetricsSnapshot snapshot) implements ScrapeOutcome {
        public Collected {
            Objects.requireNonNull(snapshot, "snapshot");
        }

        @Override
        public MetricsSnapshot snapshotOrThrow() {
            return snapshot;
        }
    }

    /**
     * The endpoint could not be read or answered something unreadable.
     *
     * @param failure why
     */
    record Failed(MetricsUnavailableException failure) implements ScrapeOutcome {
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }

        @Override
        public MetricsSnapshot snapshotOrThrow() throws MetricsUnavailableException {
            throw new MetricsUnavailableException(failure.getMessage(), failure);
        }
    }
}
