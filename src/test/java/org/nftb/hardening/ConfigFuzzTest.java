package org.nftb.hardening;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.cli.Main;
import org.nftb.config.Backend;
import org.nftb.config.ConfigException;
import org.nftb.config.Grid;
import org.nftb.config.PipelineConfig;
import org.nftb.config.RadioConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.Estimators;
import org.nftb.methods.dftmusic.DftMusicConfig;
import org.nftb.output.JsonLinesSink;
import org.nftb.output.RecordSink;
import org.nftb.pipeline.Pipeline;
import org.nftb.testing.TestConfigs;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.run.Configs;

/**
 * The configuration fuzz suite of issue 7: seeded mutations of every shipped hw-config, each loaded in-process.
 * Every variant is either refused with a {@link ConfigException} naming the file (and the field where there is
 * one), or accepted and then runs three CPIs to a normal end (no exception, no hang, no rejected CPI). A sample runs
 * through the CLI with a timeout, so a hang fails the test. Counts are printed.
 *
 * <p>How an accepted variant is run, and why: the simulated radio streams flat out (pacing is not under test: a
 * legal 60 s CPI would otherwise take a minute), one worker in lossless mode, and dftmusic's lookup tables on a
 * 2 × 2 × 2 grid over the variant's own ranges (building full tables for every mutated array takes seconds each;
 * the table's size is validated at load, its content does not change the code path). A variant for the uhd backend
 * runs its arrays, rates and scene on the simulated radio (the UHD path itself is tested against UHD's simulator);
 * one without a scene is only loaded.
 */
class ConfigFuzzTest {
    static final long SEED = 20261122L;
    static final String[] BASES = {"seed001-sim.yaml", "e320-sim.yaml", "x310-twinrx.yaml", "n310x2-external-ref.yaml"};
    static final int[] VARIANTS = {1200, 300, 150, 150};

    @Test
    void everyMutatedConfigurationIsRefusedClearlyOrRunsToANormalEnd() throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        List<String> defects = new ArrayList<>();
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-run");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int b = 0; b < BASES.length; b++) {
                String base = Files.readString(Path.of("hw-config", BASES[b]));
                ConfigMutator mutator = new ConfigMutator(SEED + b);
                for (int i = 0; i < VARIANTS[b]; i++) {
                    ConfigMutator.Variant v = mutator.mutate(base);
                    String source = BASES[b] + "#" + i + "[" + v.label() + "]";
                    counts.merge(check(source, v.text(), runner, defects), 1, Integer::sum);
                }
            }
        } finally {
            runner.shutdownNow();
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("config fuzz: " + total + " variants: " + counts);
        assertTrue(total >= 1000, "at least 1000 variants");
        assertTrue(defects.isEmpty(), defects.size() + " defects:\n" + String.join("\n", defects.subList(0,
                Math.min(20, defects.size()))));
        assertTrue(counts.getOrDefault("accepted and ran", 0) >= 50, "the suite must exercise runs too: " + counts);
    }

    private static String check(String source, String text, ExecutorService runner, List<String> defects) {
        RunConfig cfg;
        try {
            cfg = Configs.parse(source, text);
        } catch (ConfigException e) {
            if (!e.getMessage().startsWith(source + ": ") || e.getMessage().length() > 1200) {
                defects.add("unclear refusal: " + e.getMessage());
            }
            return e.field().isEmpty() ? "refused (file-level reason)" : "refused naming a field";
        } catch (RuntimeException | Error e) {
            defects.add("crash while loading " + source + ": " + e + "\n---\n" + text);
            return "crash";
        }
        RunConfig runnable = runnable(cfg);
        if (runnable == null) {
            return "accepted, uhd without scene (loaded only)";
        }
        Future<String> run = runner.submit(() -> runThreeCpis(runnable));
        try {
            String problem = run.get(120, TimeUnit.SECONDS);
            if (problem != null) {
                defects.add("accepted but failed at run time: " + source + ": " + problem + "\n---\n" + text);
                return "accepted, failed at run time";
            }
            return "accepted and ran";
        } catch (TimeoutException e) {
            run.cancel(true);
            defects.add("hang: " + source + "\n---\n" + text);
            return "hang";
        } catch (Exception e) {
            defects.add("crash while running " + source + ": " + e.getCause() + "\n---\n" + text);
            return "crash";
        }
    }

    static RunConfig runnable(RunConfig cfg) {
        if (cfg.scene() == null) {
            return null;
        }
        RunConfig r = cfg.withScene(cfg.scene().withRealTime(false))
                .withPipeline(cfg.pipeline().withWorkers(1).withRingMode(PipelineConfig.RingMode.LOSSLESS));
        if (cfg.radio().backend() != Backend.SIM) {
            RadioConfig radio = cfg.radio();
            r = r.withRadio(new RadioConfig(Backend.SIM, radio.sampleRateHz(), radio.channels(), radio.txLimits()));
        }
        if (r.estimator() instanceof DftMusicConfig d) {
            r = r.withEstimator(new DftMusicConfig(d.angleFftSize(), d.dopplerFftSize(),
                    new Grid(d.lookupAngles().min(), d.lookupAngles().max(), 2),
                    new Grid(d.lookupRanges().min(), d.lookupRanges().max(), 2),
                    new Grid(0, d.lookupTransverse().max(), 2), d.refinementSweeps(), TestConfigs.TABLE_CACHE));
        }
        return r;
    }

    /** Runs three CPIs; returns null on a normal end, else what went wrong. */
    static String runThreeCpis(RunConfig cfg) throws Exception {
        EstimatorSetup setup = Estimators.of(cfg.estimator()).setup(cfg);
        try (SimulatedArray sim = new SimulatedArray(cfg);
             JsonLinesSink sink = new JsonLinesSink(OutputStream.nullOutputStream(), "null", false)) {
            Pipeline.RunResult r = new Pipeline(cfg, sim, new CalibrationState(CalibrationTable.identity(
                    cfg.rxArray().count(), "fuzz", cfg.carrierFrequencyHz())), setup, sink, null, 3)
                    .run(new RecordSink.RunInfo(cfg.source(), cfg.name(), sim.description(), setup.type(), "fe",
                            setup.diagnosticNames(), "identity", 1, "lossless", cfg.pipeline().ringSlots(), "", List.of()));
            if (r.failed()) {
                return "run failed: " + r.deviceFailure();
            }
            if (r.health().cpisRejected() > 0) {
                return r.health().cpisRejected() + " of 3 CPIs rejected (the loader accepted data nothing can use)";
            }
            if (r.health().cpisProcessed() != 3) {
                return "processed " + r.health().cpisProcessed() + " CPIs, not 3";
            }
            return null;
        }
    }

    @Test
    void aSampleOfVariantsRunsThroughTheCliWithinATimeoutWithADocumentedExitCode(@TempDir Path dir) throws Exception {
        String base = Files.readString(Path.of("hw-config", "seed001-sim.yaml"))
                .replace("realTime: true", "realTime: false")
                .replace("refinementSweeps: 2", "refinementSweeps: 2\n  cacheDirectory: " + TestConfigs.TABLE_CACHE);
        ConfigMutator mutator = new ConfigMutator(SEED ^ 0xC11);
        ExecutorService cli = Executors.newSingleThreadExecutor();
        Map<Integer, Integer> codes = new TreeMap<>();
        // half accepted and half refused by the loader, so that both paths run through the CLI
        List<String> picked = new ArrayList<>();
        int accepted = 0;
        int refused = 0;
        for (int k = 0; k < 20_000 && picked.size() < 24; k++) {
            String text = mutator.mutate(base).text();
            boolean ok;
            try {
                Configs.parse("probe.yaml", text);
                ok = true;
            } catch (ConfigException e) {
                ok = false;
            }
            if (ok && accepted < 12) {
                accepted++;
                picked.add(text);
            } else if (!ok && refused < 12) {
                refused++;
                picked.add(text);
            }
        }
        try {
            for (int i = 0; i < picked.size(); i++) {
                Path f = dir.resolve("variant-" + i + ".yaml");
                Files.writeString(f, picked.get(i));
                Path out = dir.resolve("out-" + i + ".jsonl");
                StringWriter err = new StringWriter();
                Future<Integer> code = cli.submit(() -> {
                    var cl = Main.commandLine();
                    cl.setErr(new PrintWriter(err, true));
                    return cl.execute("run", "--config", f.toString(), "--cpis", "2", "--out", out.toString());
                });
                int c = code.get(120, TimeUnit.SECONDS);   // a hang fails here
                codes.merge(c, 1, Integer::sum);
                assertTrue(c == 0 || c == 2, "variant " + i + " exit " + c + ": " + err + "\n" + Files.readString(f));
                if (c == 2) {
                    assertTrue(err.toString().startsWith("nftb: " + f), err.toString());
                }
            }
        } finally {
            cli.shutdownNow();
        }
        System.out.println("config fuzz through the CLI: exit codes " + codes);
        assertEquals(24, codes.values().stream().mapToInt(Integer::intValue).sum());
    }
}
