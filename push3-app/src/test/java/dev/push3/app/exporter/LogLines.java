package dev.push3.app.exporter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures the log lines of this JVM's log4j2 (push3-app's backend) while open, as
 * {@code LEVEL message}: the real logging path, seen from an appender on the root logger.
 */
public final class LogLines implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final AbstractAppender appender = new AbstractAppender("push3-test-capture", null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
            lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
        }
    };

    private final Level level = context.getConfiguration().getRootLogger().getLevel();

    private LogLines() {
        appender.start();
        // Without a log4j2.xml the root level is ERROR; the distribution's is info.
        context.getConfiguration().getRootLogger().setLevel(Level.INFO);
        context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        context.updateLoggers();
    }

    /** @return a capture; close it to stop */
    public static LogLines start() {
        return new LogLines();
    }

    /** @return the lines so far, in order */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.getConfiguration().getRootLogger().setLevel(level);
        context.updateLoggers();
        appender.stop();
    }
}
