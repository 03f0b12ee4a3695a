package org.nftb.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.benchkit.ProgressReport;
import org.nftb.output.Console;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long work shows its plan first and then its progress with an ETA (me.tongfei:progressbar): as plain lines when
 * stderr is not a terminal (as here), redrawn in place when it is.
 */
class ProgressTest {
    /** What {@code r} printed on stderr. */
    static String stderr(Runnable r) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aBenchmarkPrintsItsPlanThenProgressWithAnEtaAsPlainLines(@TempDir Path dir) {
        String[] out = new String[1];
        // (a run this small misses the benchmark's statistical bars, exit 1: what matters here is what it prints)
        String err = stderr(() -> out[0] = RecordReplayCommandTest.stdout(() -> RunCommandTest.run(new StringWriter(),
                "bench", "dftmusic", "--trials", "4", "--snr-min", "50", "--snr-max", "50", "--baseline-trials", "0",
                "--latency-cpis", "5", "--out", dir.toString())));
        assertTrue(out[0].startsWith("seed 001 benchmark:") && out[0].contains("4 trials x 1 SNR points"), out[0]);
        // the library's line: task, percentage, bar, done/total unit, (elapsed / remaining)
        assertTrue(Pattern.compile("seed 001 Monte Carlo 100% \\[=+\\] 4/4 trials \\(\\d+:\\d\\d:\\d\\d / "
                + "\\d+:\\d\\d:\\d\\d\\)").matcher(err).find(), err);
        assertFalse(err.contains("\r"), "not a terminal: plain lines, nothing redrawn in place");
    }

    @Test
    void onATerminalTheReportIsRedrawnInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        boolean was = Console.inPlace();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setErr(err);
        Console.setInPlace(true);
        try (ProgressReport p = ProgressReport.start("work", 10, "items")) {
            for (int i = 1; i <= 10; i++) {
                p.accept(i);
            }
        } finally {
            Console.setInPlace(was);
            System.setErr(saved);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\r\033[K") && text.contains("work 100%") && text.endsWith("\n"), text);
    }

    @Test
    void calibratePrintsItsPlanAndProgress(@TempDir Path dir) throws Exception {
        String err = stderr(() -> RecordReplayCommandTest.stdout(() -> assertEquals(0, RunCommandTest.run(
                new StringWriter(), "calibrate", "--config", unchecked(dir), "--method", "reference", "--source",
                "1.81604 m,6.77750 m", "--cpis", "20", "--out", dir.resolve("t.json").toString()))));
        assertTrue(err.contains("nftb: planned: reference calibration at 1 carrier(s)") && err.contains(
                "20 CPIs per measurement"), err);
        assertTrue(Pattern.compile("100% \\[=+\\] 20/20 CPIs \\(").matcher(err).find(), err);
    }

    private static String unchecked(Path dir) {
        try {
            return RunCommandTest.testConfig(dir).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
