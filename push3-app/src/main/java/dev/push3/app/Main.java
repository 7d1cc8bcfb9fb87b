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
        int status = Push3Command.commandLine(args).execute(args);
        stopLogging();
        System.exit(status);
    }

    /**
     * Writes the log records still queued and stops logging. The shipped log configuration
     * writes through async appenders (the session threads do not format and write their own
     * lines) and disables log4j's shutdown hook (the server logs while it closes), so whoever
     * ends the JVM calls this last. Idempotent.
     */
    public static void stopLogging() {
        org.apache.logging.log4j.LogManager.shutdown();
    }
}
