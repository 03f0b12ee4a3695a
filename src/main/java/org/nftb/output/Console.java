package org.nftb.output;

import java.io.PrintStream;

/**
 * The operator's stderr, shared by the status line and the log. When stderr is a terminal the status line is drawn
 * in place (one line, rewritten every second) so that what came before it — the dashboard URL, warnings — stays on
 * screen; a log line first clears the status line, is printed, and the status line is drawn again below it
 * ({@link StatusConsoleAppender}). When stderr is a file or a pipe every status line is a line of its own, as
 * before. All writes hold one lock, so a log line never lands in the middle of a status line.
 *
 * <p>Whether stderr is a terminal: the launcher ({@code ./nftb}) says so in {@code NFTB_STDERR_TERMINAL=1} (it
 * passes stderr through a filter, so the JVM itself sees a pipe); otherwise {@link Terminals#isTerminal(int)}.
 */
public final class Console {
    /** Clears the current terminal line (carriage return, erase to end of line). */
    static final String CLEAR_LINE = "\r\033[K";
    private static final Object LOCK = new Object();
    private static volatile boolean inPlace = detect();
    private static String shown;          // the status line on screen (in place), else null

    private Console() {
    }

    private static boolean detect() {
        String env = System.getenv("NFTB_STDERR_TERMINAL");
        if (env != null) {
            return env.equals("1");
        }
        return Terminals.isTerminal(2);
    }

    /** Whether status lines are drawn in place (stderr is a terminal). */
    public static boolean inPlace() {
        return inPlace;
    }

    /** For tests and for commands that know better: draw the status line in place or not. */
    public static void setInPlace(boolean value) {
        synchronized (LOCK) {
            inPlace = value;
            shown = null;
        }
    }

    /**
     * Prints a status line: in place on a terminal (unless {@code last}, which stays on screen with its newline),
     * else as a line of its own.
     */
    public static void status(PrintStream err, String line, boolean last) {
        synchronized (LOCK) {
            if (inPlace && err == System.err) {
                err.print(CLEAR_LINE + line + (last ? "\n" : ""));
                shown = last ? null : line;
            } else {
                err.println(line);
            }
            err.flush();
        }
    }

    /** Prints a line of text that must stay (a log line, a message) without breaking the status line. */
    public static void line(PrintStream err, String text) {
        synchronized (LOCK) {
            clearStatus(err);
            err.println(text);
            redrawStatus(err);
        }
    }

    /** Runs {@code write} (which writes whole lines to stderr) with the status line cleared and redrawn after. */
    static void around(Runnable write) {
        synchronized (LOCK) {
            clearStatus(System.err);
            write.run();
            redrawStatus(System.err);
        }
    }

    private static void clearStatus(PrintStream err) {
        if (shown != null && err == System.err) {
            err.print(CLEAR_LINE);
        }
    }

    private static void redrawStatus(PrintStream err) {
        if (shown != null && err == System.err) {
            err.print(shown);
            err.flush();
        }
    }
}
