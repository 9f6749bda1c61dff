package dev.commerceauth.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what one {@code java.util.logging} logger publishes at or above a level, for as long as
 * it is open: {@code try (LogCapture log = LogCapture.of(name, Level.INFO)) { … log.records() … }}.
 * Opening sets the logger's level to the one given; closing removes the capture and restores the
 * level.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler;

    private LogCapture(Logger logger, Level level) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
        this.handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= level.intValue()) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.setLevel(level);
        logger.addHandler(handler);
    }

    /**
     * Starts capturing.
     *
     * @param loggerName the logger's name
     * @param level the lowest level captured, also set on the logger while open
     * @return the open capture
     */
    public static LogCapture of(String loggerName, Level level) {
        return new LogCapture(Logger.getLogger(loggerName), level);
    }

    /**
     * What was captured so far, in order.
     *
     * @return a copy of the records
     */
    public List<LogRecord> records() {
        return new ArrayList<>(records);
    }

    /**
     * The levels of what was captured so far, in order.
     *
     * @return the levels
     */
    public List<Level> levels() {
        List<Level> levels = new ArrayList<>();
        for (LogRecord r : records) {
            levels.add(r.getLevel());
        }
        return levels;
    }

    /**
     * The raw messages (patterns, before any parameters are filled in) of what was captured so
     * far, each after its level: {@code "WARNING message"}.
     *
     * @return the messages
     */
    public List<String> messages() {
        List<String> messages = new ArrayList<>();
        for (LogRecord r : records) {
            messages.add(r.getLevel() + " " + r.getMessage());
        }
        return messages;
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
    }
}
