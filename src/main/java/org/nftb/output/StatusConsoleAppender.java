package org.nftb.output;

import ch.qos.logback.core.ConsoleAppender;

/**
 * Logback's console appender for stderr that clears the in-place status line before a log line and draws it again
 * after ({@link Console}); configured in {@code logback.xml}.
 *
 * @param <E> the logging event type
 */
public final class StatusConsoleAppender<E> extends ConsoleAppender<E> {
    @Override
    protected void subAppend(E event) {
        Console.around(() -> super.subAppend(event));
    }
}
