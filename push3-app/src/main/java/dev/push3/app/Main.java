package dev.push3.app;

import dev.push3.app.cli.Push3Command;

/** The {@code push3} program. */
public final class Main {
    private Main() {
    }

    /**
     * Runs a {@code push3} command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(Push3Command.commandLine().execute(args));
    }
}
