package dev.push3.app;

import org.apache.logging.log4j.LogManager;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops logging (slf4j bound to log4j, configured by {@code conf/log4j2.xml}).
 *
 * <p>Starting log4j (reading its XML configuration, making its plugins, appenders and
 * layouts) was the largest part of the time {@code push3 serve} takes to serve its first
 * connection, so {@code serve} starts it on a thread of its own while picocli reads the
 * command line ({@link #startInBackground}), and waits for it ({@link #awaitStart}) before
 * anything logs. Nothing may ask slf4j for a logger while that thread starts it: slf4j hands
 * out a substitute logger that replays what it was given without its MDC, and log4j one that
 * writes through its default configuration until the real one is in place. So the classes
 * {@code serve} runs before {@link #awaitStart} get their loggers only after it.
 *
 * <p>Every other command starts logging as before, on the first logger asked for, if any.
 */
public final class Logging {
    private static volatile Thread starting;

    private Logging() {
    }

    /** Starts logging on a platform thread of its own; called once, by {@code main}, before anything logs. */
    static void startInBackground() {
        starting = Thread.ofPlatform().name("push3-logging").daemon().start(() -> LoggerFactory.getLogger(Logging.class));
    }

    /**
     * Returns once the logging started by {@link #startInBackground} is ready (at once if it
     * was not started so). Called by the thread that is about to log first; an interrupt is
     * kept for the caller, not lost.
     */
    public static void awaitStart() {
        Thread thread = starting;
        if (thread == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes the log records still queued and stops logging, if it was started (a command that
     * logged nothing does not start log4j only to stop it). The shipped log configuration
     * writes through async appenders (the session threads do not format and write their own
     * lines) and disables log4j's shutdown hook (the server logs while it closes), so whoever
     * ends the JVM calls this last. Idempotent.
     */
    public static void stop() {
        awaitStart();
        if (LogManager.getFactory().hasContext(LogManager.class.getName(), Logging.class.getClassLoader(), false)) {
            LogManager.shutdown();
        }
    }
}
