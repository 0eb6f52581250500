package org.partnerportal.testsupport;

import java.text.MessageFormat;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.awaitility.Awaitility;

/**
 * What the application under test logs while a capture is open, one line per record: the message
 * with its {@code {0}}-style parameters filled in, then the raw parameters (so a printf-style
 * record's values are there too) and the throwable, if any. For tests that look for a line the code
 * must log, or that no line holds a secret or a token. Open it with {@link #of} (a logger and what
 * it delegates to, {@code ""} for everything) and close it when the test is done.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    /** Starts capturing what {@code loggerName} and the loggers below it log ({@code ""}: all of them). */
    public static LogCapture of(String loggerName) {
        LogCapture capture = new LogCapture(Logger.getLogger(loggerName));
        capture.logger.addHandler(capture);
        return capture;
    }

    /** The lines captured so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * Waits until a captured line holds every one of {@code parts}, for a line the code logs after
     * the response the test saw has gone out (an audit line, say); fails after {@code atMost}.
     */
    public void awaitLineContaining(Duration atMost, String... parts) {
        Awaitility.await().atMost(atMost).until(() -> lines.stream()
                .anyMatch(line -> Arrays.stream(parts).allMatch(line::contains)));
    }

    /**
     * Fails if a line captured so far holds one of {@code texts} (a secret, a token, a token's
     * prefix), or if nothing was captured at all, which would make the check vacuous.
     */
    public void assertNoLineContains(Collection<String> texts) {
        if (lines.isEmpty()) {
            throw new AssertionError("nothing was logged while the capture was open: the check would prove nothing");
        }
        for (String line : lines) {
            for (String text : texts) {
                if (line.contains(text)) {
                    throw new AssertionError("logged what must never be: " + line);
                }
            }
        }
    }

    @Override
    public void publish(LogRecord r) {
        String message = String.valueOf(r.getMessage());
        Object[] parameters = r.getParameters();
        if (parameters != null && parameters.length > 0) {
            try {
                message = MessageFormat.format(message, parameters) + " " + Arrays.toString(parameters);
            } catch (IllegalArgumentException notMessageFormat) {
                message = message + " " + Arrays.toString(parameters);
            }
        }
        lines.add(r.getThrown() == null ? message : message + " " + r.getThrown());
    }

    @Override
    public void flush() {
    }

    /** Stops capturing; the lines stay readable. */
    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
