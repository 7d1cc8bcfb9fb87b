package dev.push3.api.metrics;

import org.jspecify.annotations.Nullable;

/**
 * A metrics source could not collect: its backend is down, timed out, or answered
 * something it cannot read. The server then reports {@code <source>.up=0} and the other
 * sources still answer.
 */
public final class MetricsUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reason why, for the operator's log; not null
     */
    public MetricsUnavailableException(String reason) {
        super(reason);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param reason why, for the operator's log; not null
     * @param cause the underlying failure; may be null
     */
    public MetricsUnavailableException(String reason, @Nullable Throwable cause) {
        super(reason, cause);
    }
}
