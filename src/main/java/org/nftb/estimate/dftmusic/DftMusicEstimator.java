package org.nftb.estimate.dftmusic;

import org.nftb.config.DftMusicConfig;
import org.nftb.config.RunConfig;
import org.nftb.estimate.Estimator;
import org.nftb.estimate.MotionEstimate;
import org.nftb.model.ElementArray;
import org.nftb.stream.CpiFrame;

import java.nio.file.Path;

/**
 * Seed 001's two-stage estimator of (θ, r, v_r, v_θ) for a monostatic ULA.
 *
 * <ol>
 *   <li>DFT stage (§IV-A): 2D-DFT of the snapshot; coarse θ and v_r as the medians of the 3-dB angular and
 *       Doppler spreads (eqs. 12, 14, 15); coarse r and |v_θ| from the lookup tables (eq. 16,
 *       {@link SpreadTables}); the sign of v_θ from the tilt of the AD ridge.</li>
 *   <li>MUSIC stage (§IV-B): 1D MUSIC per parameter in the paper's order θ → r → v_r → v_θ, each a search over a
 *       fine grid around the current estimate followed by golden-section refinement of the best cell, with
 *       {@link MusicSpectrum} (rank-one noise subspace, no eigendecomposition).</li>
 * </ol>
 *
 * <p>Choice (documented): the paper runs the sequence once. The parameters are coupled (v_θ/r is an angle rate, so
 * an angle search made with a wrong v_θ sees the mid-CPI angle); repeating the same four 1D searches
 * ({@code refinementSweeps}, default 2) with narrower windows removes that bias; each repetition is the paper's
 * step again, not a new method.
 *
 * <p>Search windows come from the array's resolution in each parameter: angle {@code λ/(N d cos θ)}, inverse
 * range {@code 4λ/(D² cos²θ)} (a π change of the quadratic phase at the aperture edge), radial velocity
 * {@code λ/(M T)}, transverse velocity {@code λ r/(D cos θ M T)}. Grid steps are 0.3 of the resolution, so
 * the main lobe is never stepped over.
 *
 * <p>Kernel: no threads, no logging, no allocation per CPI; not thread-safe (one instance per thread).
 */
public final class DftMusicEstimator implements Estimator {
    private static final int THETA = 0;
    private static final int RANGE = 1;
    private static final int RADIAL = 2;
    private static final int TRANSVERSE = 3;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;
    private static final int MAX_GRID_POINTS = 161;
    private static final double GRID_STEP_PER_RESOLUTION = 0.3;
    private static final double TOLERANCE_PER_RESOLUTION = 3e-3;

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
    private final double[] eta = new double[4];

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
        this.spectrum = new MusicSpectrum(rx, wavelengthM, symbolPeriodS, symbols);
    }

    /** Builds the estimator for a run configuration, loading (or building and caching) its lookup tables. */
    public static DftMusicEstimator create(RunConfig config) {
        DftMusicConfig c = config.estimator();
        SpreadTables tables = SpreadTablesCache.loadOrBuild(Path.of(c.cacheDirectory()), config.rxArray(),
                config.wavelengthM(), config.symbolPeriodS(), config.cpiSymbols(), c.angleFftSize(),
                c.dopplerFftSize(), c.lookupAngles(), c.lookupRanges(), c.lookupTransverse());
        return new DftMusicEstimator(config.rxArray(), config.wavelengthM(), config.symbolPeriodS(),
                config.cpiSymbols(), c.angleFftSize(), c.dopplerFftSize(), c.refinementSweeps(), tables);
    }

    @Override
    public String name() {
        return "dftmusic";
    }

    @Override
    public void estimate(CpiFrame frame, MotionEstimate out) {
        if (frame.channels() != channels || frame.symbols() != symbols) {
            throw new IllegalArgumentException("CPI is " + frame.channels() + " channels x " + frame.symbols()
                    + " symbols; the estimator was configured for " + channels + " x " + symbols
                    + " (arrays.rx and cpiSymbols)");
        }
        estimate(frame.data(), out);
    }

    /** Estimates from a calibrated snapshot (interleaved, channel-major, {@code channels × symbols}). */
    public void estimate(float[] snapshot, MotionEstimate out) {
        if (snapshot.length != 2 * channels * symbols) {
            throw new IllegalArgumentException("snapshot holds " + snapshot.length / 2 + " samples, expected "
                    + channels * symbols);
        }
        // --- DFT stage (§IV-A)
        analyzer.analyze(snapshot);
        double theta = analyzer.angleRad();
        double range = tables.coarseRangeM(theta, analyzer.angleWidthRad());
        double radial = analyzer.radialVelocityMps();
        double transverse = analyzer.transverseSign()
                * tables.coarseTransverseMagnitudeMps(theta, range, analyzer.dopplerWidthRadPerSymbol());
        out.setCoarse(theta, range, radial, transverse, analyzer.angleWidthRad(),
                analyzer.dopplerWidthRadPerSymbol());

        // --- MUSIC stage (§IV-B)
        spectrum.load(snapshot);
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
        out.setRefined(eta[THETA], eta[RANGE], eta[RADIAL], eta[TRANSVERSE], rx.referenceXM(), rx.referenceYM());
        out.setDiagnostics(fit, spectrum.evaluations());
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

    /** One 1D MUSIC search over parameter p; returns the fit at the new estimate. */
    private double refine(int p, boolean firstSweep) {
        double res = resolution(p);
        double center = p == RANGE ? 1 / eta[RANGE] : eta[p];
        double half;
        if (!firstSweep) {
            half = res;
        } else {
            half = switch (p) {
                case THETA -> Math.max(3 * res, 4 * angleBinRad());
                case RANGE -> Math.max(3 * res, 1.5 * tables.inverseRangeStep());
                case RADIAL -> Math.max(0.75 * res, 3 * analyzer.mpsPerDopplerBin());
                default -> Math.abs(eta[TRANSVERSE]) + Math.max(2 * tables.transverseStepMps(), res);
            };
        }
        double lo = center - half;
        double hi = center + half;
        if (p == TRANSVERSE && firstSweep) {
            lo = -half;   // the spread does not tell the sign: search both
            hi = half;
        }
        if (p == THETA) {
            lo = Math.max(lo, -Math.PI / 2 + 1e-3);
            hi = Math.min(hi, Math.PI / 2 - 1e-3);
        } else if (p == RANGE) {
            lo = Math.max(lo, 1e-3);   // 1/r: at most 1 km
        }
        int points = (int) Math.ceil((hi - lo) / (GRID_STEP_PER_RESOLUTION * res)) + 1;
        points = Math.max(9, Math.min(MAX_GRID_POINTS, points));
        double step = (hi - lo) / (points - 1);
        int best = 0;
        double bestFit = -1;
        for (int i = 0; i < points; i++) {
            double f = evaluate(p, lo + i * step);
            if (f > bestFit) {
                bestFit = f;
                best = i;
            }
        }
        // golden-section search on the bracketing cells
        double a = lo + Math.max(0, best - 1) * step;
        double b = lo + Math.min(points - 1, best + 1) * step;
        double tolerance = TOLERANCE_PER_RESOLUTION * res;
        double x1 = b - GOLDEN * (b - a);
        double x2 = a + GOLDEN * (b - a);
        double f1 = evaluate(p, x1);
        double f2 = evaluate(p, x2);
        while (b - a > tolerance) {
            if (f1 < f2) {
                a = x1;
                x1 = x2;
                f1 = f2;
                x2 = a + GOLDEN * (b - a);
                f2 = evaluate(p, x2);
            } else {
                b = x2;
                x2 = x1;
                f2 = f1;
                x1 = b - GOLDEN * (b - a);
                f1 = evaluate(p, x1);
            }
        }
        double x = 0.5 * (a + b);
        double fx = evaluate(p, x);
        double gridBest = lo + best * step;
        if (bestFit > fx) {
            x = gridBest;
            fx = bestFit;
        }
        eta[p] = p == RANGE ? 1 / x : x;
        return fx;
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
