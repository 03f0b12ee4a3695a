package org.nftb.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import org.nftb.run.UsageException;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --log-file FILE}: the log also goes to a file (appended, with the date in every line), besides stderr. The
 * level is the one in force ({@code NFTB_LOG_LEVEL}, default INFO).
 */
final class LogFile {
    private LogFile() {
    }

    /**
     * The log file in use, or null. Kept apart from the logback classes ({@link Name}): the Spark runner's class path
     * has Spark's logging instead, and loading this class there would fail.
     */
    static String current() {
        return Name.current;
    }

    /** Where the log file's name is kept (no logback types here). */
    static final class Name {
        static volatile String current;

        private Name() {
        }
    }

    /** Adds a file appender for {@code file} to the root logger. */
    static synchronized void install(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageException("--log-file " + file + ": directory " + parent + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new UsageException("--log-file " + file + " is a directory; give a file name");
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new UsageException("--log-file needs the logback logger of the nftb jar");
        }
        if (file.toString().equals(Name.current)) {
            return;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("nftb-log-file");
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        if (!appender.isStarted()) {
            throw new UsageException("--log-file " + file + ": cannot open it for writing");
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        Name.current = file.toString();
    }
}
