package dev.push3.metrics.openmetrics;

import java.util.Objects;

/**
 * A body is not an exposition at all: it is incomplete (no {@code # EOF} in OpenMetrics, no
 * final line feed in the Prometheus text format, text after {@code # EOF}) or its first line
 * is neither a comment nor a sample. The message names the 1-based line and what was expected
 * there, and quotes the start of the line.
 */
final class MalformedExpositionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient LineProblem problem;

    MalformedExpositionException(LineProblem problem) {
        super(problem.describe());
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    MalformedExpositionException(LineProblem problem, String why) {
        super(problem.describe() + " (" + why + ")");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /**
     * Returns the 1-based number of the line at fault.
     *
     * @return the line number
     */
    int lineNumber() {
        return problem.lineNumber();
    }

    /**
     * Returns the problem.
     *
     * @return the problem
     */
    LineProblem problem() {
        return problem;
    }
}
