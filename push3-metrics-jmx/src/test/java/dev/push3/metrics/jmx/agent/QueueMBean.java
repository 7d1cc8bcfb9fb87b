package dev.push3.metrics.jmx.agent;

import java.util.Optional;

/** Shaped like SonarQube's compute engine queue: a number, and an {@link Optional} that cannot be serialized. */
public interface QueueMBean {
    long getPendingCount();

    Optional<String> getWorkerUuids();
}
