package org.nftb.methods.dftmusic;

import org.nftb.bound.MotionFisher;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.Estimator;
import org.nftb.estimator.MapViewer;
import org.nftb.estimator.TargetEstimate;
import org.nftb.frontend.Snapshot;
import org.nftb.frontend.SnapshotShape;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;

import java.util.Arrays;
import java.util.List;

/**
 * Seed 001's two-stage estimator of (θ, r, v_r, v_θ) for a monostatic ULA, made to hold over its whole valid
 * region, for up to {@code maxTargets} targets.
 *
 * <ol>
 *   <li>DFT stage (§IV-A): 2D-DFT of the snapshot ({@link AngleDopplerAnalyzer}) read two ways: the paper's
 *       (coarse θ and v_r as the medians of the 3-dB spreads, eqs. 12, 14, 15; coarse r and |v_θ| from the lookup
 *       tables of eq. 16, {@link SpreadTables}; the sign of v_θ from the tilt of the AD ridge) and ours
 *       ({@link SpreadGeometry}: triangulation from the angular spread, velocity from the ridge).</li>
 *   <li>MUSIC stage (§IV-B): 1D MUSIC per parameter, θ → r → v_r → v_θ ({@link MusicRefinement}) on the rank-one
 *       spectrum ({@link MusicSpectrum}) from our reading (the paper's for the re-search), then Fisher scoring.</li>
 * </ol>
 *
 * <p><b>Quality, always</b> ({@link FitQuality}). An inconsistent target is searched again from the other reading
 * of the AD map and then with windows twice as wide; if it is still inconsistent it is added with
 * {@code consistent = false}, which the pipeline writes as a fault, never as a position. The covariance is the CRB
 * at the estimate with the maximum-likelihood SNR given it.
 *
 * <p><b>Motion within the CPI</b> ({@link DftMusicConfig.MotionModel}): with {@code linear} the spectrum, the scoring
 * metric and the covariance use each element's range to second order in time, so the estimate is the state at the
 * CPI centre of a target moving in a straight line; with {@code frozen}, seed 001's model.
 *
 * <p><b>Detection.</b> A target found is reported only if the data's projection on its steering vector,
 * {@code |v̂ᴴy|²/(‖v̂‖² σ̂²)} (the generalized likelihood ratio, about 1 + its processed SNR), exceeds
 * {@code detectionThresholdDb}: noise alone does not give a confident position either.
 *
 * <p><b>Several targets</b> (beyond the paper): successive estimation and cancellation. Each target found is
 * removed ({@link MusicSpectrum#subtract}) and the DFT stage runs again on the residual, while its AD map has a bin
 * well over the noise and the limit allows; with two or more, each is then refined once more with the others
 * removed (RELAX) before the quality check.
 *
 * <p>Kernel: no threads, no logging, no allocation per CPI; not thread-safe (one instance per thread).
 */
public final class DftMusicEstimator implements Estimator, MapViewer.Source {
    /** What the covariance of a target is: the CRB of seed 001's model at the estimate, with the fitted SNR. */
    public static final String COVARIANCE_BOUND = "crb-at-estimate";
    private MapViewer mapViewer;

    @Override
    public void attachMapViewer(MapViewer viewer) {
        this.mapViewer = viewer;
    }

    /**
     * First-sweep half-widths (cells) around our geometric reading: its errors stay within 0.7 cell from processed
     * SNR 40 dB up and within 1.5 cells at 30 dB (p99 over the region), and Fisher scoring converges from the best
     * grid point of these windows.
     */
    private static final double[] GEOMETRY_WINDOW = {1.5, 1.5, 1, 1.5};
    /**
     * The search for one more target runs only when the residual's unpadded AD map ({@link ResidualGate}) has a
     * bin this far over its noise per bin: 12 dB, which the largest of 8192 bins of noise alone passes with
     * probability 8192·e^{−15.8} ≈ 10⁻³ (such a CPI costs one search that the detection test then rejects); a
     * second target at processed SNR 25 dB shows about 20 dB there even spread over a near-field ridge.
     */
    private static final double RESIDUAL_PEAK_LEVEL = Math.pow(10, 1.2);
    /**
     * Dynamic range of the successive cancellation: what is left must also stand out within 25 dB of the first
     * target's peak (in the padded map; the unpadded residual's peak reads up to 8 dB lower). A first target's
     * echo leaves a residual where the data departs from the model: uncorrected calibration errors of seed 001's
     * size (5°, 1 dB) leave 12 dB over the noise at processed SNR 50 dB in 1 % of CPIs and 16 dB at 60 dB in
     * every one, measured, while the first target itself stands 40-50 dB over the noise.
     */
    private static final double DYNAMIC_RANGE = Math.pow(10, -2.5);
    /** Processed SNR (linear) below which the first search uses the wide windows: 30 dB. */
    private static final double LOW_SNR = 1000;
    /** How much wider the last re-search looks. */
    private static final double WIDE_FACTOR = 2;

    /** Per-target diagnostics, in this order (units in the names). */
    static final List<String> DIAGNOSTICS = List.of("coarseAngleRad", "coarseRangeM", "coarseRadialVelocityMps",
            "coarseTransverseVelocityMps", "angleWidthRad", "dopplerWidthRadPerSymbol", "evaluations",
            "noisePowerPerSample", "geometryAngleRad", "geometryRangeM", "geometryRadialVelocityMps",
            "geometryTransverseVelocityMps", "searches");
    static final int DIAG_COARSE_ANGLE = 0;
    static final int DIAG_ANGLE_WIDTH = 4;
    static final int DIAG_DOPPLER_WIDTH = 5;
    static final int DIAG_EVALUATIONS = 6;
    static final int DIAG_NOISE_POWER = 7;
    static final int DIAG_GEOMETRY_ANGLE = 8;
    static final int DIAG_SEARCHES = 12;

    private final ElementArray rx;
    private final int channels;
    private final int symbols;
    private final SpreadTables tables;
    private final DftMusicConfig config;
    private final AngleDopplerAnalyzer analyzer;
    private final SpreadGeometry geometry;
    private final ResidualGate gate;
    private final MusicSpectrum spectrum;
    private final MusicRefinement refinement;
    private final MotionFisher fisher;
    private final SnapshotShape shape;
    private final double detectionLevel;
    private final double[] lookup = new double[2];
    private final double[] crb = new double[16];
    private final double[] window = new double[4];
    private final double[] paper = new double[4];
    private final double[] geometric = new double[4];
    private final double[][] found;
    private final float[] residual;
    private final FitQuality quality;
    private int searches;

    public DftMusicEstimator(ElementArray rx, double wavelengthM, double symbolPeriodS, int symbols,
                             DftMusicConfig config, SpreadTables tables) {
        double spacing = UlaGeometry.spacingM(rx);
        this.rx = rx;
        this.channels = rx.count();
        this.symbols = symbols;
        this.tables = tables;
        this.config = config;
        this.analyzer = new AngleDopplerAnalyzer(channels, symbols, config.angleFftSize(), config.dopplerFftSize(),
                spacing, wavelengthM, symbolPeriodS);
        this.geometry = new SpreadGeometry(rx, symbols, config.angleFftSize(), config.dopplerFftSize(), spacing,
                wavelengthM, symbolPeriodS, config.maxVelocityMps());
        this.gate = new ResidualGate(channels, symbols);
        ElementRangeModel model = new ElementRangeModel(rx, wavelengthM);
        boolean linear = config.motionModel() == DftMusicConfig.MotionModel.LINEAR;
        this.spectrum = linear ? MusicSpectrum.curved(model, symbolPeriodS, symbols)
                : new MusicSpectrum(model, rx, symbolPeriodS, symbols);
        this.fisher = newFisher(model, linear, symbols, symbolPeriodS);
        this.refinement = new MusicRefinement(spectrum, newFisher(model, linear, symbols, symbolPeriodS), wavelengthM,
                symbolPeriodS, symbols, channels * spacing, config.refinementSweeps(), config.lookupRanges().max());
        this.shape = new SnapshotShape(1, channels, symbols);
        this.detectionLevel = Math.pow(10, config.detectionThresholdDb() / 10);
        this.found = new double[config.maxTargets()][4];
        this.residual = new float[2 * channels * symbols];
        this.quality = new FitQuality(channels, symbols);
    }

    /** The Fisher information of the model the spectrum uses (scoring's metric and the reported covariance). */
    private static MotionFisher newFisher(ElementRangeModel model, boolean linear, int symbols, double periodS) {
        ElementArray a = model.array();
        return linear ? MotionFisher.curved(model, a.referenceXM(), a.referenceYM(), symbols, periodS)
                : new MotionFisher(model, a.referenceXM(), a.referenceYM(), symbols, periodS);
    }

    @Override
    public String name() {
        return DftMusicConfig.TYPE;
    }

    @Override
    public void estimate(Snapshot snapshot, EstimateFrame out) {
        if (!snapshot.shape().equals(shape)) {
            throw new IllegalArgumentException("snapshot is " + snapshot.shape() + "; the estimator was configured "
                    + "for " + shape + " (arrays.rx and cpiSymbols)");
        }
        estimate(snapshot.data(), out);
    }

    /**
     * Estimates from a calibrated snapshot (interleaved, channel-major, {@code channels × symbols}) into
     * {@code out}: up to {@code maxTargets} targets, each with the CRB at the estimate as its covariance and the
     * quality block (see the class comment).
     */
    public void estimate(float[] snapshot, EstimateFrame out) {
        if (snapshot.length != 2 * channels * symbols) {
            throw new IllegalArgumentException("snapshot holds " + snapshot.length / 2 + " samples, expected "
                    + channels * symbols);
        }
        out.clear();
        spectrum.load(snapshot);
        if (!(spectrum.energy() > 0)) {
            throw new IllegalArgumentException("CPI holds no signal (all samples zero)");
        }
        analyzer.analyze(snapshot);
        if (mapViewer != null && mapViewer.claim()) {
            analyzer.copyPowerMap(mapViewer);   // the dashboard's view, a few CPIs per second
        }
        quality.measureNoise(analyzer, geometry, spectrum.energy());
        double firstPeak = analyzer.peakPower() / analyzer.noisePowerPerBin();
        int count = 0;
        while (count < found.length) {
            if (count > 0) {
                spectrum.residual(residual);
                double left = gate.peakOverNoise(residual);
                if (left < RESIDUAL_PEAK_LEVEL || left < firstPeak * DYNAMIC_RANGE) {
                    break;   // nothing left that a search could detect (see RESIDUAL_PEAK_LEVEL)
                }
                analyzer.analyze(residual);
            }
            TargetEstimate target = out.addTarget();
            searches = 0;
            search(target, found[count]);
            target.setDiagnostic(DIAG_SEARCHES, searches);
            double fit = spectrum.fit(found[count][0], found[count][1], found[count][2], found[count][3]);
            if (!(fit * spectrum.energy() > detectionLevel * quality.noise())) {
                out.removeLast();   // its projection is no stronger than noise alone reaches: not a target
                break;
            }
            if (count + 1 < found.length) {
                spectrum.subtract(found[count][0], found[count][1], found[count][2], found[count][3]);
            }
            count++;
        }
        if (count > 1) {
            relax(count);
        }
        for (int k = 0; k < count; k++) {
            TargetEstimate target = out.target(k);
            if (!quality.consistent(cancelOthers(k, count), spectrum.energy())) {
                research(k, count, target);
            }
            report(k, count, target);
        }
        spectrum.restore();
    }

    /**
     * Finds one target on the current data (the analyzer has read the same data): both coarse readings, then the
     * MUSIC refinement from the one with the better fit. Writes the result to {@code eta}.
     */
    private void search(TargetEstimate target, double[] eta) {
        boolean tables = startsFromTables(readCoarse(target));
        refineFrom(tables, scaleForSnr(), eta);
    }

    /**
     * Whether the refinement starts from the paper's reading: with {@code coarse: tables}, or when our reading
     * found no spread. {@code both} starts from ours and keeps the paper's for the re-search. (Chosen with
     * {@code nftb bench dftmusic --sweep --compare}: starting from whichever reading fits better at its coarse
     * point, the paper's was picked where it leads to a wrong peak that still passes the consistency test, 1 in 600
     * draws at 35 dB, and refining both at low SNR tripled the cost for no fewer failures.)
     */
    private boolean startsFromTables(boolean geometryValid) {
        return config.coarse() == DftMusicConfig.Coarse.TABLES || !geometryValid;
    }

    /** Window scale of the first search: 1, or {@value #WIDE_FACTOR} below processed SNR 30 dB. */
    private double scaleForSnr() {
        return quality.processedSnr(spectrum.energy()) >= LOW_SNR ? 1 : WIDE_FACTOR;
    }

    /**
     * Searches target k again on the data without the other targets: the DFT stage on that residual, then the
     * refinement from the reading the first search did not use (with {@code coarse: both}) and from each reading
     * with windows {@value #WIDE_FACTOR} times wider, skipping what repeats the first search on the same data. The
     * best fit found (the one before included) stands.
     */
    private void research(int k, int count, TargetEstimate target) {
        double[] eta = found[k];
        double best = cancelOthers(k, count);
        spectrum.residual(residual);
        analyzer.analyze(residual);
        searches = (int) target.diagnostic(DIAG_SEARCHES);
        boolean geometryValid = readCoarse(target);
        boolean first = startsFromTables(geometryValid);
        double firstScale = scaleForSnr();
        boolean both = config.coarse() == DftMusicConfig.Coarse.BOTH && geometryValid;
        for (int attempt = 0; attempt < 4; attempt++) {
            boolean tables = attempt % 2 == 0 ? first : !first;
            double scale = attempt < 2 ? firstScale : WIDE_FACTOR;
            boolean sameAsFirstSearch = count == 1 && tables == first && scale == firstScale;
            boolean sameAsAttemptBefore = attempt >= 2 && scale == firstScale;
            if (sameAsFirstSearch || sameAsAttemptBefore || (tables != first && !both)) {
                continue;
            }
            double fit = refineFrom(tables, scale, null);
            if (fit > best) {
                best = fit;
                System.arraycopy(refinement.eta, 0, eta, 0, 4);
            }
        }
        target.setDiagnostic(DIAG_SEARCHES, searches);
    }

    /** Runs the refinement from the paper's or our reading with windows scaled by {@code scale}. */
    private double refineFrom(boolean tables, double scale, double[] eta) {
        searches++;
        double[] start = tables ? paper : geometric;
        if (tables) {
            paperWindows(start);
        } else {
            System.arraycopy(GEOMETRY_WINDOW, 0, window, 0, 4);
        }
        for (int p = 0; p < 4; p++) {
            window[p] *= scale;
        }
        // wide windows (low SNR, re-search) scan θ and 1/r jointly: there the 1D scans in sequence settle on wrong
        // coupled pairs (seed 001 default at processed SNR 22 dB: 70 of 300 gross errors with 1D scans, 13 with
        // the joint scan; at 25 dB 1 and 0)
        refinement.jointPosition = scale > 1;
        refinement.parabolaRounds = scale > 1 ? 2 : 0;
        double fit = refinement.run(start[0], start[1], start[2], start[3], window);
        if (eta != null) {
            System.arraycopy(refinement.eta, 0, eta, 0, 4);
        }
        return fit;
    }

    /**
     * The first-sweep windows around the paper's reading, as before this estimator had a second reading: angle
     * ±max(3 cells, 4 angle bins), 1/r ±max(3 cells, 1.5 table steps), v_r ±max(0.75 cell, 3 Doppler bins), and
     * v_θ from −(|ṽ_θ| + max(2 table steps, 1 cell)) to +that (the spreads do not tell the sign).
     */
    private void paperWindows(double[] start) {
        refinement.eta[MusicRefinement.THETA] = start[0];
        refinement.eta[MusicRefinement.RANGE] = start[1];
        double angleCell = refinement.cell(MusicRefinement.THETA);
        double angleBin = analyzer.sinPerAngleBin() / Math.max(0.05, Math.cos(start[0]));
        window[0] = Math.max(3, 4 * angleBin / angleCell);
        window[1] = Math.max(3, 1.5 * tables.inverseRangeStep() / refinement.cell(MusicRefinement.RANGE));
        window[2] = Math.max(0.75, 3 * analyzer.mpsPerDopplerBin() / refinement.cell(MusicRefinement.RADIAL));
        double transverseCell = refinement.cell(MusicRefinement.TRANSVERSE);
        window[3] = (Math.abs(start[3]) + Math.max(2 * tables.transverseStepMps(), transverseCell)) / transverseCell;
        start[3] = 0;
    }

    /** Both readings of the analyzer's map; diagnostics of the first search; returns whether ours is valid. */
    private boolean readCoarse(TargetEstimate target) {
        paper[0] = analyzer.angleRad();
        tables.coarseRangeAndTransverse(paper[0], analyzer.angleWidthRad(), analyzer.dopplerWidthRadPerSymbol(),
                lookup);
        paper[1] = lookup[0];
        paper[2] = analyzer.radialVelocityMps();
        paper[3] = analyzer.transverseSign() * lookup[1];
        geometry.read(analyzer.powerMap(), analyzer.noisePowerPerBin());
        // within the tables' span (noise at low SNR can triangulate a target kilometres away or behind the array)
        geometric[0] = Math.max(config.lookupAngles().min(), Math.min(config.lookupAngles().max(), geometry.angleRad));
        geometric[1] = Math.max(config.lookupRanges().min(), Math.min(config.lookupRanges().max(), geometry.rangeM));
        geometric[2] = geometry.radialVelocityMps;
        geometric[3] = geometry.transverseVelocityMps;
        if (searches == 0) {
            for (int p = 0; p < 4; p++) {
                target.setDiagnostic(DIAG_COARSE_ANGLE + p, paper[p]);
                target.setDiagnostic(DIAG_GEOMETRY_ANGLE + p, geometry.valid ? geometric[p] : Double.NaN);
            }
            target.setDiagnostic(DIAG_ANGLE_WIDTH, analyzer.angleWidthRad());
            target.setDiagnostic(DIAG_DOPPLER_WIDTH, analyzer.dopplerWidthRadPerSymbol());
        }
        return geometry.valid;
    }

    /** RELAX: each target refined once more with the others removed. */
    private void relax(int count) {
        for (int k = 0; k < count; k++) {
            cancelOthers(k, count);
            double[] eta = found[k];
            Arrays.fill(window, 0);
            refinement.run(eta[0], eta[1], eta[2], eta[3], window);
            System.arraycopy(refinement.eta, 0, eta, 0, 4);
        }
    }

    /** Makes the spectrum's data the snapshot minus every target but k; returns target k's fit on it. */
    private double cancelOthers(int k, int count) {
        spectrum.restore();
        for (int j = 0; j < count; j++) {
            if (j != k) {
                spectrum.subtract(found[j][0], found[j][1], found[j][2], found[j][3]);
            }
        }
        return spectrum.fit(found[k][0], found[k][1], found[k][2], found[k][3]);
    }

    /** Writes target k with its quality and covariance. */
    private void report(int k, int count, TargetEstimate target) {
        double fit = cancelOthers(k, count);
        double[] eta = found[k];
        double energy = spectrum.energy();
        double fitSnr = quality.fitSnr(fit, energy);
        target.setPolar(eta[0], eta[1], eta[2], eta[3], rx.referenceXM(), rx.referenceYM());
        target.setDiagnostic(DIAG_EVALUATIONS, spectrum.evaluations());
        target.setDiagnostic(DIAG_NOISE_POWER, quality.noise());
        target.setQuality(fit, quality.expectedFit(energy), 10 * Math.log10(fitSnr), quality.consistent(fit, energy));
        if (fitSnr > 0 && fisher.bound(eta[0], eta[1], eta[2], eta[3], fitSnr, null, crb)) {
            target.setPolarCovariance(crb, DftMusicEstimator.COVARIANCE_BOUND);
        }
    }
}
