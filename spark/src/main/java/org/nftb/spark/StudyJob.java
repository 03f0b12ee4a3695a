package org.nftb.spark;

import org.nftb.methods.dftmusic.bench.FiguresStudy;
import org.nftb.methods.seqbeam.bench.Fig5Study;
import org.nftb.montecarlo.Study;
import org.nftb.calibration.CalibrationSelection;
import org.nftb.config.RunConfig;
import org.nftb.benchkit.ProgressReport;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.TrialSeeds;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nftb.run.Configs;

/**
 * {@code nftb study}: a spec's study, prepared once on the driver (configuration, estimator set-up, trial), run
 * on an engine, and written as data: {@code trials.parquet} (one row per (point, trial)), the single-machine
 * benchmark's {@code nmse.csv} and {@code nmse.png}, the spec ({@code spec.yaml}) and {@code run.json} (code
 * version, engine, configuration and calibration identity, run time, whether the bars held).
 */
public final class StudyJob {
    private final StudySpec spec;
    private final RunConfig cfg;
    private final Study study;

    public StudyJob(StudySpec spec) {
        this.spec = spec;
        if (StudySpec.SEQBEAM_FIG5.equals(spec.kind())) {
            this.cfg = null;
            this.study = Fig5Study.prepare();
        } else {
            this.cfg = spec.config() == null ? Configs.loadDefault() : Configs.load(spec.config());
            this.study = FiguresStudy.prepare(cfg, spec.snrDb(), spec.baselineTrials());
        }
    }

    public Study study() { return study; }

    public StudySpec spec() { return spec; }

    /** Per-trial results and wall time of a run on {@code engine}. */
    public record Run(Results results, double seconds) {
    }

    /** Runs every trial on {@code engine}. */
    public Run run(JobEngine engine) {
        long t0 = System.nanoTime();
        Results r;
        try (ProgressReport p = ProgressReport.start("study " + spec.name(), (long) study.points() * spec.trials(),
                "trials")) {
            r = engine.study(study.trial(), study.points(), spec.trials(), spec.seed(), p);
        }
        return new Run(r, (System.nanoTime() - t0) / 1e9);
    }

    /** Writes the run's data and summaries into {@code out}; returns whether the benchmark's bars held. */
    public boolean write(Run run, JobEngine engine, Path out) throws Exception {
        Files.createDirectories(out);
        trialsTable(study).write(out.resolve("trials.parquet"), rows(run.results()));
        boolean ok = study.writeSummaries(run.results(), spec.seed(), out);
        Files.writeString(out.resolve("spec.yaml"), spec.text(), StandardCharsets.UTF_8);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("job", "study");
        f.put("spec", spec.source());
        f.put("study", spec.name());
        f.put("engine", engine.describe());
        if (cfg != null) {
            f.put("config", cfg.source() + " (" + cfg.name() + ")");
            f.put("calibration", "simulated data: W drawn per trial from the scene's calibrationErrors (seed 001 §V); "
                    + "configured table: " + CalibrationSelection.select(cfg, null).describe());
        } else {
            f.put("config", "built in: seed 002 Table II (no hw-config)");
        }
        f.put("points", study.points());
        f.put("trialsPerPoint", spec.trials());
        f.put("seed", spec.seed());
        f.put("seconds", run.seconds());
        f.put("barsHeld", ok);
        Provenance.write(out, f);
        return ok;
    }

    /** Column names of {@code trials.parquet}: point, the point's value, trial, seed, then one per metric. */
    public static ParquetTable trialsTable(Study study) {
        List<ParquetTable.Column> c = new ArrayList<>();
        c.add(new ParquetTable.Column("point", ParquetTable.Type.INT));
        c.add(new ParquetTable.Column(study.pointName(), ParquetTable.Type.DOUBLE));
        c.add(new ParquetTable.Column("trial", ParquetTable.Type.INT));
        c.add(new ParquetTable.Column("seed", ParquetTable.Type.LONG));
        for (String m : study.metricLabels()) {
            c.add(new ParquetTable.Column(m.replaceAll("[^A-Za-z0-9]+", "_").toLowerCase(Locale.ROOT),
                    ParquetTable.Type.DOUBLE));
        }
        return new ParquetTable("trial", List.copyOf(c));
    }

    private List<Object[]> rows(Results r) {
        List<Object[]> rows = new ArrayList<>();
        for (int p = 0; p < r.points(); p++) {
            for (int t = 0; t < r.trials(); t++) {
                Object[] row = new Object[4 + r.metrics()];
                row[0] = p;
                row[1] = study.pointValue(p);
                row[2] = t;
                row[3] = TrialSeeds.seed(spec.seed(), p, t);
                for (int m = 0; m < r.metrics(); m++) {
                    row[4 + m] = r.get(p, t, m);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
