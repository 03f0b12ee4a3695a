package org.nftb.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.nftb.config.ConfigException;
import org.nftb.config.ConfigNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Monte Carlo study spec ({@code nftb study SPEC}, YAML or JSON):
 * <pre>
 * study: seed001-figs3-6          # name (output files carry it)
 * kind: dftmusic-figures          # the study: seed 001's Figs. 3-6 (dftmusic, its two baselines, the CRB), or
 *                                 # seqbeam-fig5: seed 002's Fig. 5 on Table II (no config, no snr: trials are
 *                                 # realizations)
 * config: ../hw-config/seed001-sim.yaml   # scenario + estimator (relative to the spec; "default" = built-in)
 * snr: {min: -10, max: 60, step: 5}       # processed SNR grid, dB (or a list: [0, 10, 20])
 * trials: 1000                    # trials per SNR point
 * baselineTrials: 200             # of which the first N also run the slow baselines
 * seed: 2026                      # study seed: trial (point, t) is seeded by TrialSeeds.seed(seed, point, t)
 * </pre>
 *
 * @param text the spec as read (stored beside the results)
 */
public record StudySpec(String source, String name, String kind, Path config, double[] snrDb, int trials,
                        int baselineTrials, long seed, String text) {
    /** Seed 001's Figs. 3-6. */
    public static final String FIGURES = "dftmusic-figures";
    /** Seed 002's Fig. 5 (one point; a trial is a realization). */
    public static final String SEQBEAM_FIG5 = "seqbeam-fig5";

    public static StudySpec load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "", "cannot read the study spec: " + e.getMessage(), e);
        }
        return parse(file.toString(), file.toAbsolutePath().getParent(), text);
    }

    /** Parses spec text; {@code base} resolves a relative {@code config}. */
    public static StudySpec parse(String source, Path base, String text) {
        JsonNode json;
        try {
            json = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new ConfigException(source, "", "not valid YAML/JSON: " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new ConfigException(source, "", "a study spec is a mapping (study, kind, config, snr, trials, "
                    + "baselineTrials, seed)");
        }
        ConfigNode top = new ConfigNode(source, "", json);
        top.allowOnly("study", "kind", "config", "snr", "trials", "baselineTrials", "seed");
        String name = top.get("study").text();
        if (!name.matches("[A-Za-z0-9._-]{1,80}")) {
            throw top.get("study").error("letters, digits, '.', '_' and '-' only (it names output files), got '"
                    + name + "'");
        }
        String kind = top.optional("kind").map(ConfigNode::text).orElse(FIGURES);
        if (!FIGURES.equals(kind) && !SEQBEAM_FIG5.equals(kind)) {
            throw top.get("kind").error("unknown study kind '" + kind + "'; known: " + FIGURES + ", " + SEQBEAM_FIG5);
        }
        Path config = null;
        double[] snr = new double[0];
        if (FIGURES.equals(kind)) {
            String cfg = top.get("config").text();
            config = "default".equals(cfg) ? null : base.resolve(cfg).normalize();
            snr = snrGrid(top.get("snr"), json.path("snr").isArray());
        } else if (top.has("config") || top.has("snr")) {
            throw top.error(SEQBEAM_FIG5 + " runs on Table II's system: give no config and no snr (trials are "
                    + "realizations)");
        }
        int trials = top.get("trials").integer();
        if (trials < 1) {
            throw top.get("trials").error("at least 1, got " + trials);
        }
        int baseline = top.optional("baselineTrials").map(ConfigNode::integer).orElse(0);
        if (baseline < 0) {
            throw top.get("baselineTrials").error("0 or more, got " + baseline);
        }
        long seed = top.get("seed").longInteger();
        return new StudySpec(source, name, kind, config, snr, trials, baseline, seed, text);
    }

    private static double[] snrGrid(ConfigNode node, boolean list) {
        if (!list) {
            node.allowOnly("min", "max", "step");
            double min = node.get("min").number();
            double max = node.get("max").number();
            double step = node.get("step").number();
            if (!(step > 0) || max < min) {
                throw node.error("need step > 0 and max >= min, got min " + min + ", max " + max + ", step " + step);
            }
            int points = (int) Math.floor((max - min) / step + 1e-9) + 1;
            double[] snr = new double[points];
            for (int i = 0; i < points; i++) {
                snr[i] = min + i * step;
            }
            return snr;
        }
        List<ConfigNode> items = node.list();
        if (items.isEmpty()) {
            throw node.error("give {min, max, step} or a non-empty list of SNRs in dB");
        }
        return items.stream().mapToDouble(ConfigNode::number).toArray();
    }
}
