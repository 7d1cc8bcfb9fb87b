package dev.push3.app.check;

/** A plugin's states and their exit statuses, after the Monitoring Plugins guidelines. */
public enum CheckState {
    /** Exit 0. */
    OK,
    /** Exit 1: a value in its warning range. */
    WARNING,
    /** Exit 2: a value in its critical range, or the server unreachable or refusing LOGIN/METRICS. */
    CRITICAL,
    /** Exit 3: bad usage or thresholds, a metric not present, or the check's own timeout. */
    UNKNOWN;

    /**
     * Returns the exit status.
     *
     * @return 0 to 3
     */
    public int exitStatus() {
        return ordinal();
    }

    /**
     * Returns the worse of two states for a service: CRITICAL over WARNING over OK.
     *
     * @param other the other state; not null
     * @return the worse one
     */
    public CheckState worst(CheckState other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
