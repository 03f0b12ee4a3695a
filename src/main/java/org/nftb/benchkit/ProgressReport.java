package org.nftb.benchkit;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.nftb.montecarlo.MonteCarloRunner;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Trial;
import org.nftb.output.Console;

import java.io.PrintStream;
import java.util.function.LongConsumer;

/**
 * Progress of long work (a benchmark's trials, a study, a re-processing job, a calibration's CPIs) on stderr, with
 * the elapsed time and an ETA, drawn by the progress-bar library {@code me.tongfei:progressbar}: in place on a
 * terminal (through {@link Console}, so log lines do not break it), as a plain line every
 * {@value #PLAIN_INTERVAL_MS} ms in a log file or pipe. Thread-safe: workers may report as they finish.
 */
public final class ProgressReport implements LongConsumer, AutoCloseable {
    /** Redraw period on a terminal. */
    static final int TERMINAL_INTERVAL_MS = 500;
    /** Period of the plain lines when stderr is not a terminal. */
    static final int PLAIN_INTERVAL_MS = 10_000;
    private static final int WIDTH = 110;

    private final ProgressBar bar;
    private final PrintStream err;
    private final boolean inPlace;
    private volatile String lastLine = "";

    private ProgressReport(String task, long total, String unit, PrintStream err, boolean inPlace) {
        this.err = err;
        this.inPlace = inPlace;
        this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" " + unit, 1).setMaxRenderedLength(WIDTH)
                .setUpdateIntervalMillis(inPlace ? TERMINAL_INTERVAL_MS : PLAIN_INTERVAL_MS)
                .setConsumer(new DelegatingProgressBarConsumer(this::show, WIDTH)).build();
    }

    /** A report on stderr, in place when stderr is a terminal. */
    public static ProgressReport start(String task, long total, String unit) {
        return new ProgressReport(task, total, unit, System.err, Console.inPlace());
    }

    /**
     * {@code runner.run(trial, points, trials, seed, ·)} with a progress report named {@code task} (trials done, ETA).
     */
    public static <C> Results trials(String task, MonteCarloRunner runner, Trial<C> trial, int points, int trials,
                                     long seed) throws InterruptedException {
        try (ProgressReport p = start(task, (long) points * trials, "trials")) {
            return runner.run(trial, points, trials, seed, p);
        }
    }

    /** A report on {@code err} as plain lines (tests; logs). */
    public static ProgressReport plain(String task, long total, String unit, PrintStream err) {
        return new ProgressReport(task, total, unit, err, false);
    }

    private void show(String line) {
        if (!inPlace && line.equals(lastLine)) {
            return;                                   // the closing render repeats the last line: once is enough
        }
        lastLine = line;
        if (inPlace) {
            Console.status(err, line, false);
        } else {
            err.println(line);
            err.flush();
        }
    }

    /** {@code done} units are finished (monotone; out-of-order reports from several workers are fine). */
    @Override
    public synchronized void accept(long done) {
        if (done > bar.getCurrent()) {
            bar.stepTo(done);
        }
    }

    /** One more unit is finished. */
    public void step() {
        bar.step();
    }

    /** Says what is being done now (shown after the bar). */
    public void note(String text) {
        bar.setExtraMessage(text);
    }

    /** Draws the final state (as a line that stays) and stops redrawing. */
    @Override
    public void close() {
        bar.close();
        if (inPlace) {
            Console.status(err, lastLine, true);
        }
    }
}
