package dev.push3.auth.file;

/**
 * A line of the users file that was skipped, and why. The text never quotes the line,
 * which holds a password or its hash.
 *
 * @param line the line number, from 1
 * @param problem what is wrong with it; not null
 */
record LineProblem(int line, String problem) {
    @Override
    public String toString() {
        return "line " + line + ": " + problem;
    }
}
