package org.nftb.estimate.dftmusic;

import org.nftb.bound.MotionFisher;
import org.nftb.estimate.EstimateFrame;
import org.nftb.estimate.Estimator;
import org.nftb.estimate.MapViewer;
import org.nftb.estimate.TargetEstimate;
import org.nftb.frontend.Snapshot;
import org.nftb.frontend.SnapshotShape;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;

import java.util.List;

/**
 * Seed 001's two-stage estimator of (θ, r, v_r, v_θ) for a monostatic ULA.
 *
 * <ol>
 *   <li>DFT stage (§IV-A): 2D-DFT of the snapshot; coarse θ and v_r as the medians of the 3-dB angular and
 *       Doppler spreads (eqs. 12, 14, 15); coarse r and |v_θ| from the lookup tables (eq. 16, matched jointly,
 *       {@link SpreadTables}); the sign of v_θ from the tilt of the AD ridge.</li>
 *   <li>MUSIC stage (§IV-B): 1D MUSIC per parameter in the paper's order θ → r → v_r → v_θ, each a search over a
 *       fine grid around the current estimate followed by parabolic refinement of the peak, with
 *       {@link MusicSpectrum} (rank-one noise subspace, no eigendecomposition).</li>
 * </ol>
 *
 * <p>Choice (documented): the paper runs the sequence once. The parameters are coupled (v_θ/r is an angle rate, so
 * an angle search made with a wrong v_θ sees the mid-CPI angle); repeating the same four 1D searches
 * ({@code refinementSweeps}, default 2) around the previous estimate removes what is left; each repetition is the
 * paper's step again, not a new method.
 *
 * <p>Search windows come from the array's resolution in each parameter: angle {@code λ/(N d cos θ)}, inverse
 * range {@code 4λ/(D² cos²θ)} (a π change of the quadratic phase at the aperture edge), radial velocity
 * {@code λ/(M T)}, transverse velocity {@code λ r/(D cos θ M T)}. Grid steps are 0.3 of the resolution, so
 * the main lobe is never stepped over.
 *
 * <p>Output: one target per CPI with the CRB of {@link org.nftb.bound.MotionCrb} at the estimate (estimated SNR)
 * as its covariance and a quality block (see {@link #estimate(float[], EstimateFrame)}); the DFT stage's values
 * and widths are its diagnostics.
 *
 * <p>A {@link MapViewer} may be attached: when it claims a map, the DFT stage's angle–Doppler power is copied to
 * it (at the viewer's rate, a few CPIs per second; other CPIs pay one volatile read).
 *
 * <p>Kernel: no threads, no logging, no allocation per CPI; not thread-safe (one instance per thread).
 */
public final class DftMusicEstimator implements Estimator, MapViewer.Source {
    private static final int THETA = 0;
    private static final int RANGE = 1;
    private static final int RADIAL = 2;
    private static final int TRANSVERSE = 3;
    private static final int MAX_GRID_POINTS = 161;
    private static final double GRID_STEP_PER_RESOLUTION = 0.3;
    private static final int PARABOLA_ROUNDS = 5;
    private static final double PARABOLA_START_PER_RESOLUTION = 0.25;

    private final ElementArray rx;
    private final int channels;
    private final int symbols;
    private final double wavelengthM;
    private final double symbolPeriodS;
    private final double apertureM;
    private final int sweeps;
    private final SpreadTables tables;
    private final AngleDopplerAnalyzer analyzer;
    private final MusicSpectrum spectrum;
    private final MotionFisher fisher;
    private final SnapshotShape shape;
    private final double[] eta = new double[4];
    private final double[] lookup = new double[2];
    private final double[] crb = new double[16];
    private MapViewer mapViewer;

    /** Fraction of the expected fit below which an estimate is flagged inconsistent (see {@link #estimate}). */
    static final double CONSISTENT_FIT_RATIO = 0.5;

    /** Per-target diagnostics, in this order (units in the names). */
    static final List<String> DIAGNOSTICS = List.of("coarseAngleRad", "coarseRangeM", "coarseRadialVelocityMps",
            "coarseTransverseVelocityMps", "angleWidthRad", "dopplerWidthRadPerSymbol", "evaluations",
            "noisePowerPerSample");
    static final int DIAG_COARSE_ANGLE = 0;
    static final int DIAG_COARSE_RANGE = 1;
    static final int DIAG_COARSE_RADIAL = 2;
    static final int DIAG_COARSE_TRANSVERSE = 3;
    static final int DIAG_ANGLE_WIDTH = 4;
    static final int DIAG_DOPPLER_WIDTH = 5;
    static final int DIAG_EVALUATIONS = 6;
    static final int DIAG_NOISE_POWER = 7;

    public DftMusicEstimator(ElementArray rx, double wavelengthM, double symbolPeriodS, int symbols,
                             int angleFftSize, int dopplerFftSize, int sweeps, SpreadTables tables) {
        double spacing = UlaGeometry.spacingM(rx);
        this.rx = rx;
        this.channels = rx.count();
        this.symbols = symbols;
        this.wavelengthM = wavelengthM;
        this.symbolPeriodS = symbolPeriodS;
        this.apertureM = rx.count() * spacing;
        this.sweeps = sweeps;
        this.tables = tables;
        this.analyzer = new AngleDopplerAnalyzer(channels, symbols, angleFftSize, dopplerFftSize, spacing,
                wavelengthM, symbolPeriodS);
        ElementRangeModel model = new ElementRangeModel(rx, wavelengthM);
        this.spectrum = new MusicSpectrum(model, rx, symbolPeriodS, symbols);
        this.fisher = new MotionFisher(model, rx.referenceXM(), rx.referenceYM(), symbols, symbolPeriodS);
        this.shape = new SnapshotShape(1, channels, symbols);
    }

    @Override
    public String name() {
        return DftMusicConfig.TYPE;
    }

    @Override
    public void attachMapViewer(MapViewer viewer) {
        this.mapViewer = viewer;
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
     * {@code out}: one target, with the CRB at the estimate as its covariance and the quality block.
     *
     * <p>Quality (our addition; the paper reports no per-CPI quality). The noise power per sample σ̂² is read
     * from the AD map's noise floor ({@link AngleDopplerAnalyzer#noisePowerPerBin()}), the signal power from the
     * snapshot's energy, {@code |ĝ|² = ‖y‖²/(NM) − σ̂²}, so this SNR estimate {@code ρ̂} does not depend on where
     * MUSIC converged. A correct estimate has fit {@code E[|yᴴv|²/(‖y‖²‖v‖²)] ≈ (NMρ̂ + 1)/(NM(ρ̂ + 1))}
     * (expected projection over expected energy). Rule: the estimate is consistent when the fit achieved is at
     * least {@value #CONSISTENT_FIT_RATIO} of that; a MUSIC search caught in a wrong basin reaches a small
     * fraction of it (seed 001 default at 25°: 0.006 against 0.93). The covariance is the CRB at the estimate with
     * the maximum-likelihood SNR given it (projection on v̂ against the residual), which is also the SNR reported.
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
        // --- DFT stage (§IV-A)
        analyzer.analyze(snapshot);
        if (mapViewer != null && mapViewer.claim()) {
            analyzer.copyPowerMap(mapViewer);
        }
        double theta = analyzer.angleRad();
        tables.coarseRangeAndTransverse(theta, analyzer.angleWidthRad(), analyzer.dopplerWidthRadPerSymbol(), lookup);
        double range = lookup[0];
        double radial = analyzer.radialVelocityMps();
        double transverse = analyzer.transverseSign() * lookup[1];
        TargetEstimate target = out.addTarget();
        target.setDiagnostic(DIAG_COARSE_ANGLE, theta);
        target.setDiagnostic(DIAG_COARSE_RANGE, range);
        target.setDiagnostic(DIAG_COARSE_RADIAL, radial);
        target.setDiagnostic(DIAG_COARSE_TRANSVERSE, transverse);
        target.setDiagnostic(DIAG_ANGLE_WIDTH, analyzer.angleWidthRad());
        target.setDiagnostic(DIAG_DOPPLER_WIDTH, analyzer.dopplerWidthRadPerSymbol());

        // --- MUSIC stage (§IV-B)
        eta[THETA] = theta;
        eta[RANGE] = range;
        eta[RADIAL] = radial;
        eta[TRANSVERSE] = transverse;
        double fit = 0;
        for (int sweep = 0; sweep < sweeps; sweep++) {
            boolean first = sweep == 0;
            for (int p = THETA; p <= TRANSVERSE; p++) {
                fit = refine(p, first);
            }
        }
        target.setPolar(eta[THETA], eta[RANGE], eta[RADIAL], eta[TRANSVERSE], rx.referenceXM(), rx.referenceYM());
        target.setDiagnostic(DIAG_EVALUATIONS, spectrum.evaluations());

        // --- quality and covariance (ours)
        double samples = (double) channels * symbols;
        double energy = spectrum.energy();
        double floorNoise = analyzer.noisePowerPerBin() / samples;
        double floorSignal = energy / samples - floorNoise;
        double floorSnr = floorSignal > 0 && floorNoise > 0 ? floorSignal / floorNoise : 0;
        double expected = (samples * floorSnr + 1) / (samples * (floorSnr + 1));
        // ML SNR given the estimate: projection onto v̂ is signal (+ one sample's noise), the rest is noise
        double projected = fit * energy;
        double fitNoise = (energy - projected) / (samples - 1);
        double fitSnr = fitNoise > 0 ? Math.max(0, projected - fitNoise) / samples / fitNoise : 0;
        target.setDiagnostic(DIAG_NOISE_POWER, floorNoise);
        target.setQuality(fit, expected, 10 * Math.log10(fitSnr), fit >= CONSISTENT_FIT_RATIO * expected);
        if (fitSnr > 0 && fisher.bound(eta[THETA], eta[RANGE], eta[RADIAL], eta[TRANSVERSE], fitSnr, null, crb)) {
            target.setPolarCovariance(crb);
        }
    }

    /** Resolution of parameter p at the current estimate (in the search variable: θ, 1/r, v_r, v_θ). */
    private double resolution(int p) {
        double cos = Math.max(0.05, Math.cos(eta[THETA]));
        double cpiS = symbols * symbolPeriodS;
        return switch (p) {
            case THETA -> wavelengthM / (apertureM * cos);
            case RANGE -> 4 * wavelengthM / (apertureM * apertureM * cos * cos);
            case RADIAL -> wavelengthM / cpiS;
            default -> wavelengthM * eta[RANGE] / (apertureM * cos * cpiS);
        };
    }

    /**
     * One 1D MUSIC search over parameter p; returns the fit at the new estimate. The first sweep scans a grid over
     * the window; every sweep then refines by successive parabolic interpolation (the spectrum is smooth and
     * nearly quadratic at its peak), shrinking the spacing by 4 each round to about 1e-6 of a resolution cell.
     */
    private double refine(int p, boolean firstSweep) {
        double res = resolution(p);
        double center = p == RANGE ? 1 / eta[RANGE] : eta[p];
        double lo;
        double hi;
        double h;
        double best;
        double bestFit;
        if (firstSweep) {
            double half = switch (p) {
                case THETA -> Math.max(3 * res, 4 * angleBinRad());
                case RANGE -> Math.max(3 * res, 1.5 * tables.inverseRangeStep());
                case RADIAL -> Math.max(0.75 * res, 3 * analyzer.mpsPerDopplerBin());
                default -> Math.abs(eta[TRANSVERSE]) + Math.max(2 * tables.transverseStepMps(), res);
            };
            lo = p == TRANSVERSE ? -half : center - half;   // v_θ: the spread does not tell the sign, search both
            hi = p == TRANSVERSE ? half : center + half;
            lo = clampLow(p, lo);
            hi = clampHigh(p, hi);
            int points = (int) Math.ceil((hi - lo) / (GRID_STEP_PER_RESOLUTION * res)) + 1;
            points = Math.max(9, Math.min(MAX_GRID_POINTS, points));
            h = (hi - lo) / (points - 1);
            best = lo;
            bestFit = -1;
            for (int i = 0; i < points; i++) {
                double x = lo + i * h;
                double f = evaluate(p, x);
                if (f > bestFit) {
                    bestFit = f;
                    best = x;
                }
            }
        } else {
            h = PARABOLA_START_PER_RESOLUTION * res;
            best = center;
            bestFit = evaluate(p, best);
        }
        for (int round = 0; round < PARABOLA_ROUNDS; round++) {
            double fm = evaluate(p, clamp(p, best - h));
            double fp = evaluate(p, clamp(p, best + h));
            double curvature = fp - 2 * bestFit + fm;
            double x = best;
            if (curvature < 0) {
                double shift = 0.5 * h * (fm - fp) / curvature;
                x = best + Math.max(-h, Math.min(h, shift));
            } else if (fp > bestFit || fm > bestFit) {
                x = fp > fm ? best + h : best - h;   // not concave here: step uphill
            }
            x = clamp(p, x);
            double fx = x == best ? bestFit : evaluate(p, x);
            if (fx >= bestFit) {
                best = x;
                bestFit = fx;
            } else if (fp > bestFit || fm > bestFit) {
                best = fp > fm ? clamp(p, best + h) : clamp(p, best - h);
                bestFit = Math.max(fp, fm);
            }
            h *= 0.25;
        }
        eta[p] = p == RANGE ? 1 / best : best;
        return bestFit;
    }

    private static double clampLow(int p, double x) {
        return p == THETA ? Math.max(x, -Math.PI / 2 + 1e-3) : p == RANGE ? Math.max(x, 1e-3) : x;
    }

    private static double clampHigh(int p, double x) {
        return p == THETA ? Math.min(x, Math.PI / 2 - 1e-3) : x;
    }

    private static double clamp(int p, double x) {
        return clampHigh(p, clampLow(p, x));
    }

    /** Width of one angle-DFT bin at the current angle, radians. */
    private double angleBinRad() {
        return analyzer.sinPerAngleBin() / Math.max(0.05, Math.cos(eta[THETA]));
    }

    private double evaluate(int p, double x) {
        double theta = p == THETA ? x : eta[THETA];
        double range = p == RANGE ? 1 / x : eta[RANGE];
        double radial = p == RADIAL ? x : eta[RADIAL];
        double transverse = p == TRANSVERSE ? x : eta[TRANSVERSE];
        return spectrum.fit(theta, range, radial, transverse);
    }
}
