package org.nftb.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.cli.Main;
import org.nftb.config.RunConfig;
import org.nftb.device.RxBuffer;
import org.nftb.device.StreamStart;
import org.nftb.device.replay.Capture;
import org.nftb.device.replay.CaptureSamples;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.sigmf.CaptureException;
import org.nftb.sigmf.NftbKeys;
import org.nftb.sigmf.SigmfFiles;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recordings that do not end normally, in a real child process: {@code kill -9} in the middle (then
 * {@code nftb capture repair}), and a write error (the file-size limit of the process: writes fail with EFBIG as on a
 * full disk). Every sample the files hold must be there afterwards, equal to the simulator's.
 */
class InterruptedRecordingTest {
    private static final Pattern WRITTEN = Pattern.compile("\\| (\\d+) samples per channel written");

    static List<String> javaCommand(Path config, Path out, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "record", "--config", config.toString(), "--out", out.toString()));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** Every channel of the capture equals the simulator's stream of {@code yaml} from sample 0. */
    static void assertSamplesAreTheSimulators(Capture c, String yaml) {
        RunConfig cfg = CaptureFixtures.config(yaml.replace("realTime: true", "realTime: false"));
        int chunk = 4096;
        RxBuffer want = new RxBuffer(c.channelCount(), chunk);
        RxBuffer got = new RxBuffer(c.channelCount(), chunk);
        try (SimulatedArray sim = new SimulatedArray(cfg); CaptureSamples s = new CaptureSamples(c)) {
            sim.startStreaming(StreamStart.NOW);
            for (long at = 0; at < c.sampleCount(); at += chunk) {
                sim.receive(want, 1_000_000_000L);
                int n = (int) Math.min(chunk, c.sampleCount() - at);
                s.read(at, n, got);
                for (int ch = 0; ch < c.channelCount(); ch++) {
                    for (int i = 0; i < 2 * n; i++) {
                        if (Float.floatToRawIntBits(want.channel(ch)[i]) != Float.floatToRawIntBits(got.channel(ch)[i])) {
                            throw new AssertionError("channel " + ch + ", sample " + (at + i / 2) + ": recorded "
                                    + got.channel(ch)[i] + ", simulator " + want.channel(ch)[i]);
                        }
                    }
                }
            }
        }
    }

    /**
     * Reads the child's stderr until its {@code lines}-th status line that reports samples written; returns that
     * count (−1 if the child ended first). Every line read is added to {@code stderr}.
     */
    static long awaitProgress(BufferedReader r, int lines, List<String> stderr) throws java.io.IOException {
        String line;
        int seen = 0;
        while ((line = r.readLine()) != null) {
            stderr.add(line);
            Matcher m = WRITTEN.matcher(line);
            if (m.find() && Long.parseLong(m.group(1)) > 0 && ++seen >= lines) {
                return Long.parseLong(m.group(1));
            }
        }
        return -1;
    }

    static int cli(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        PrintWriterStdout.capture(out);
        try {
            return cl.execute(args);
        } finally {
            PrintWriterStdout.restore();
        }
    }

    @Test
    void killMinus9MidRecordingLeavesACaptureThatRepairMakesValidWithEverySampleWritten(@TempDir Path dir)
            throws Exception {
        String yaml = CaptureFixtures.smallArrayYaml(32, "linear").replace("realTime: false", "realTime: true");
        Path config = dir.resolve("rt.yaml");
        Files.writeString(config, yaml);
        Path cap = dir.resolve("killed");
        Process p = new ProcessBuilder(javaCommand(config, cap))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<String> stderr = new ArrayList<>();
        long reported;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            reported = awaitProgress(r, 2, stderr);
            p.destroyForcibly();   // SIGKILL: no shutdown hook, no finally
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed by SIGKILL; stderr: " + stderr);
        assertTrue(reported > 0, "the recording reported progress before the kill: " + stderr);

        CaptureException notFinal = assertThrows(CaptureException.class, () -> Capture.open(cap));
        assertTrue(notFinal.getMessage().contains("not finalised") && notFinal.getMessage().contains("capture repair"),
                notFinal.getMessage());
        // the kill may fall between the bytes of one sample, and inside a journal line: make sure of both
        Files.write(cap.resolve("killed-ch003.sigmf-data"), new byte[5], StandardOpenOption.APPEND);
        Files.writeString(cap.resolve("killed.nftb-journal"), "{\"k\":\"ann\",\"sco", StandardOpenOption.APPEND);
        // and a field of an extension nftb does not know, which repair must keep
        Path meta1 = cap.resolve("killed-ch001.sigmf-meta");
        ObjectNode m1 = (ObjectNode) SigmfFiles.json().readTree(meta1.toFile());
        ((ObjectNode) m1.get("global")).put("acme:operator", "K. Tester");
        SigmfFiles.writeJsonAtomically(meta1, m1);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, cli(out, err, "capture", "repair", cap.toString()), err.toString());
        assertTrue(out.toString().contains("5 bytes of samples cut short") && out.toString().contains("valid"),
                out.toString());

        Capture c = Capture.open(cap);
        assertEquals(NftbKeys.REPAIRED, c.nftb(NftbKeys.STATE).asText());
        assertTrue(c.sampleCount() >= reported, "replayable " + c.sampleCount() + " < " + reported
                + " samples per channel reported written before the kill");
        assertEquals("K. Tester", c.recordingOf(1).global().get("acme:operator").asText());
        assertTrue(c.truth().points() >= reported / 128 - 1, "truth of the CPIs recorded: " + c.truth().points());
        assertTrue(c.nftb(NftbKeys.REPAIR_NOTE).asText().contains("interrupted"));
        assertSamplesAreTheSimulators(c, yaml);

        StringWriter again = new StringWriter();
        assertEquals(2, cli(new StringWriter(), again, "capture", "repair", cap.toString()));
        assertTrue(again.toString().contains("nothing to repair"), again.toString());
    }

    @Test
    void ctrlCFinalisesTheCaptureWithoutRepair(@TempDir Path dir) throws Exception {
        String yaml = CaptureFixtures.smallArrayYaml(32, "frozen").replace("realTime: false", "realTime: true");
        Path config = dir.resolve("rt.yaml");
        Files.writeString(config, yaml);
        Path cap = dir.resolve("stopped");
        Process p = new ProcessBuilder(javaCommand(config, cap)).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<String> stderr = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        long reported = awaitProgress(r, 1, stderr);
        p.toHandle().destroy();   // SIGTERM, as Ctrl-C's SIGINT: shutdown hooks run; stderr stays open
        String line;
        while ((line = r.readLine()) != null) {
            stderr.add(line);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(reported > 0, "progress before the signal: " + stderr);
        assertTrue(stderr.stream().anyMatch(l -> l.startsWith("record final")), "final status line: " + stderr);
        Capture c = Capture.open(cap);   // no repair needed
        assertEquals(NftbKeys.COMPLETE, c.nftb(NftbKeys.STATE).asText());
        assertTrue(c.sampleCount() >= reported, c.sampleCount() + " < " + reported);
        assertSamplesAreTheSimulators(c, yaml);
    }

    @Test
    void aWriteErrorStopsTheRecordingAndWhatWasWrittenIsFinalised(@TempDir Path dir) throws Exception {
        // 64 samples per symbol and one target: data outgrows the journal, so the data files hit the 8 MiB limit
        // first (after several whole 1 MiB writes per channel)
        String yaml = CaptureFixtures.smallArrayYaml(64, "frozen").replaceAll("(?m)^    - \\{range: 4 m.*\\n", "");
        Path config = dir.resolve("one.yaml");
        Files.writeString(config, yaml);
        Path cap = dir.resolve("full");
        List<String> java = javaCommand(config, cap, "--seconds", "30");
        String cmd = "ulimit -f 8192 && exec " + String.join(" ", java.stream().map(a -> "'" + a + "'").toList());
        Process p = new ProcessBuilder("bash", "-c", cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(false).start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), stderr);
        assertTrue(stderr.contains("File too large") && stderr.contains("(finalised)"), stderr);
        Capture c = Capture.open(cap);
        assertEquals(NftbKeys.COMPLETE, c.nftb(NftbKeys.STATE).asText());
        assertTrue(c.nftb(NftbKeys.STOPPED_BY).asText().contains("File too large"));
        assertTrue(c.sampleCount() >= 4 * 131_072 && c.sampleCount() <= (8 << 20) / 8, "samples: " + c.sampleCount());
        assertSamplesAreTheSimulators(c, yaml);
    }

    /** Routes System.out to a writer while a command prints its result there. */
    static final class PrintWriterStdout {
        private static java.io.PrintStream saved;

        static void capture(StringWriter w) {
            saved = System.out;
            System.setOut(new java.io.PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    w.write(b);
                }
            }, true, StandardCharsets.UTF_8));
        }

        static void restore() {
            System.setOut(saved);
        }
    }

}
