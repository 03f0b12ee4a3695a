package org.nftb.methods.dftmusic;

import org.nftb.bound.MotionFisher;

/**
 * Seed 001 §IV-B: one 1D MUSIC search per parameter in the paper's order θ → r → v_r → v_θ, repeated
 * {@code sweeps} times, each a grid over a window around the current estimate (first sweep only) followed by
 * parabolic refinement of the peak, on {@link MusicSpectrum}.
 *
 * <p>Choice (documented): the paper runs the sequence once. The parameters are coupled (v_θ/r is an angle rate, so
 * an angle search made with a wrong v_θ sees the mid-CPI angle); repeating the same four 1D searches around the
 * previous estimate removes what is left; each repetition is the paper's step again, not a new method.
 *
 * <p>Windows come from the array's resolution in each parameter (a "cell"): angle {@code λ/(N d cos θ)}, inverse
 * range {@code 4λ/(D² cos²θ)} (a π change of the quadratic phase at the aperture edge), radial velocity
 * {@code λ/(M T)}, transverse velocity {@code λ r/(D cos θ M T)}. The first sweep scans ±{@code halfWidthCells}
 * cells of each parameter in steps of 0.3 cell (the main lobe is about two cells wide, so it is never stepped
 * over); how wide the coarse stage's errors are decides the width (see {@link DftMusicEstimator}).
 *
 * <p>With the straight-line motion model the scans evaluate {@link MusicSpectrum#anchoredFit} (the curvature taken
 * at the run's start, and after the joint grid), as fast as seed 001's model; scoring uses the exact gradient and
 * re-anchors at every step, so it converges to the exact model's peak.
 *
 * <p>Kernel: no allocation; not thread-safe.
 */
final class MusicRefinement {
    static final int THETA = 0;
    static final int RANGE = 1;
    static final int RADIAL = 2;
    static final int TRANSVERSE = 3;
    private static final int MAX_GRID_POINTS = 161;
    private static final double GRID_STEP_CELLS = 0.5;
    private static final double PARABOLA_START_CELLS = 0.25;

    private static final int SCORING_ITERATIONS = 12;
    private static final int SCORING_HALVINGS = 4;
    /** Scoring stops when every step is below this fraction of the parameter's CRB standard deviation. */
    private static final double SCORING_TOLERANCE = 1e-2;

    private final MusicSpectrum spectrum;
    private final MotionFisher fisher;
    private final double[] gradient = new double[4];
    private final double[] information = new double[16];
    private final double[] step = new double[4];
    private final double[] trial = new double[4];
    private final double wavelengthM;
    private final double cpiS;
    private final double apertureM;
    private final int sweeps;
    private final double minInverseRange;
    /** The current estimate (θ, r, v_r, v_θ); read after {@link #run}. */
    final double[] eta = new double[4];

    /**
     * @param maxRangeM the farthest range searched: the search runs in 1/r and stops at 1/maxRangeM (beyond the
     *                  effective beamfocusing distance the method does not apply; without a bound a search in noise
     *                  wanders to kilometres)
     */
    MusicRefinement(MusicSpectrum spectrum, MotionFisher fisher, double wavelengthM, double symbolPeriodS,
                    int symbols, double apertureM, int sweeps, double maxRangeM) {
        this.minInverseRange = 1 / maxRangeM;
        this.spectrum = spectrum;
        this.fisher = fisher;
        this.wavelengthM = wavelengthM;
        this.cpiS = symbols * symbolPeriodS;
        this.apertureM = apertureM;
        this.sweeps = sweeps;
    }

    /**
     * Refines from (θ, r, v_r, v_θ) and returns the fit at the result ({@link #eta}). The first sweep scans
     * ±{@code halfWidthCells[p]} cells of parameter p; later sweeps refine only.
     */
    double run(double theta, double range, double radial, double transverse, double[] halfWidthCells) {
        eta[THETA] = theta;
        eta[RANGE] = range;
        eta[RADIAL] = radial;
        eta[TRANSVERSE] = transverse;
        double fit = 0;
        // later sweeps are parabolic refinement only: without rounds (normal windows) scoring does that work
        int passes = parabolaRounds > 0 ? sweeps : 1;
        spectrum.anchor(theta, range, radial, transverse);
        for (int sweep = 0; sweep < passes; sweep++) {
            if (sweep == 0 && jointPosition) {
                jointPositionGrid(halfWidthCells[THETA], halfWidthCells[RANGE]);
                spectrum.anchor(eta[THETA], eta[RANGE], eta[RADIAL], eta[TRANSVERSE]);
            }
            for (int p = THETA; p <= TRANSVERSE; p++) {
                fit = refine(p, sweep == 0 && !(jointPosition && p <= RANGE) ? halfWidthCells[p] : 0);
            }
        }
        return score(fit);
    }

    /** Whether the first sweep scans θ and 1/r jointly (a 2D grid) before the 1D searches. */
    boolean jointPosition;
    /**
     * Parabolic refinement rounds after each grid scan (each shrinks the spacing by 4). Fisher scoring follows
     * either way; the rounds matter where a grid point may still be far from the peak (wide windows, low SNR).
     */
    int parabolaRounds = 2;

    /**
     * A 2D grid over (θ, 1/r) of ±{@code thetaCells} × ±{@code rangeCells} cells in steps of
     * {@value #GRID_STEP_CELLS} cell, at the current velocities; moves the estimate to its best point. Off broadside
     * θ and r are coupled (a wrong range tilts the angle spectrum), and at low SNR the 1D scans, one after the
     * other, can settle on a wrong pair that the 2D scan does not.
     */
    private void jointPositionGrid(double thetaCells, double rangeCells) {
        double thetaRes = cell(THETA);
        double rangeRes = cell(RANGE);
        double t0 = eta[THETA];
        double w0 = 1 / eta[RANGE];
        int nt = (int) Math.ceil(2 * thetaCells / GRID_STEP_CELLS) + 1;
        int nw = (int) Math.ceil(2 * rangeCells / GRID_STEP_CELLS) + 1;
        double bestFit = -1;
        double bestT = t0;
        double bestW = w0;
        for (int i = 0; i < nt; i++) {
            double t = clamp(THETA, t0 + (i * GRID_STEP_CELLS - thetaCells) * thetaRes);
            for (int j = 0; j < nw; j++) {
                double w = clamp(RANGE, w0 + (j * GRID_STEP_CELLS - rangeCells) * rangeRes);
                double f = spectrum.anchoredFit(t, 1 / w, eta[RADIAL], eta[TRANSVERSE]);
                if (f > bestFit) {
                    bestFit = f;
                    bestT = t;
                    bestW = w;
                }
            }
        }
        eta[THETA] = bestT;
        eta[RANGE] = 1 / bestW;
    }

    /**
     * Joint polish by Fisher scoring (ours): {@code η ← η + J⁻¹ ∇ℓ}, ℓ the concentrated log-likelihood
     * {@code |yᴴv|²/(NM σ²)} (σ² cancels), J the Fisher information of {@link MotionFisher} at the SNR
     * {@code |ĝ|²/σ²}, each step halved until the fit does not fall. The 1D searches climb one coordinate at a
     * time; where the parameters are strongly coupled (off broadside, at short range θ and r are) they stop short of
     * the joint peak by more than the CRB (measured: 11 of 300 draws at 50 dB ended beyond 10 CRB standard
     * deviations with the fit at its expected value); scoring converges there in a few steps. Along the ridge of
     * a fast near target (r = 3 m, v_θ = −12.6 m/s at broadside) it took up to 12, and J had to be recomputed at
     * every step: with J kept from the first step 16 of 60 draws at 50 dB ended beyond 10 CRB standard
     * deviations, with 6 steps 2, with 12 none.
     */
    private double score(double fit) {
        for (int iteration = 0; iteration < SCORING_ITERATIONS; iteration++) {
            double current = spectrum.fitGradient(eta[THETA], eta[RANGE], eta[RADIAL], eta[TRANSVERSE], gradient);
            double samples = spectrum.samples();
            double c2 = spectrum.correlationRe() * spectrum.correlationRe()
                    + spectrum.correlationIm() * spectrum.correlationIm();
            double snr = c2 / (samples * samples);
            if (!(snr > 0)) {
                return current;
            }
            fisher.fisher(eta[THETA], eta[RANGE], eta[RADIAL], eta[TRANSVERSE], snr, null, information);
            // ∇ℓ = ∇F · ‖y‖²/σ² with σ² = 1 in these units (J is at |ĝ|²/1)
            double energy = spectrum.energy();
            for (int p = 0; p < 4; p++) {
                step[p] = gradient[p] * energy;
            }
            if (!Cholesky4.solve(information, step)) {
                return current;
            }
            // trust region: no step moves a parameter by more than one resolution cell (at low SNR J is small and
            // a full step would leave the region the search looked at)
            double factor = 1;
            for (int p = 0; p < 4; p++) {
                double cell = p == RANGE ? cell(RANGE) * eta[RANGE] * eta[RANGE] : cell(p);
                factor = Math.min(factor, cell / Math.max(1e-300, Math.abs(step[p])));
            }
            boolean accepted = false;
            spectrum.anchor(eta[THETA], eta[RANGE], eta[RADIAL], eta[TRANSVERSE]);
            for (int h = 0; h <= SCORING_HALVINGS; h++) {
                for (int p = 0; p < 4; p++) {
                    trial[p] = eta[p] + factor * step[p];
                }
                trial[THETA] = clamp(THETA, trial[THETA]);
                trial[RANGE] = 1 / clamp(RANGE, 1 / trial[RANGE]);
                double f = spectrum.anchoredFit(trial[THETA], trial[RANGE], trial[RADIAL], trial[TRANSVERSE]);
                if (f >= current) {
                    System.arraycopy(trial, 0, eta, 0, 4);
                    fit = f;
                    accepted = true;
                    break;
                }
                factor *= 0.5;
            }
            if (!accepted) {
                return current;
            }
            boolean small = true;
            for (int p = 0; p < 4; p++) {
                // J⁻¹ diagonal ≈ CRB; compare the step with its standard deviation
                small &= Math.abs(factor * step[p]) * Math.sqrt(information[5 * p]) < SCORING_TOLERANCE;
            }
            if (small) {
                break;
            }
        }
        return fit;
    }

    /** Resolution of parameter p at the current estimate, in the search variable (θ, 1/r, v_r, v_θ). */
    double cell(int p) {
        double cos = Math.max(0.05, Math.cos(eta[THETA]));
        return switch (p) {
            case THETA -> wavelengthM / (apertureM * cos);
            case RANGE -> 4 * wavelengthM / (apertureM * apertureM * cos * cos);
            case RADIAL -> wavelengthM / cpiS;
            default -> wavelengthM * eta[RANGE] / (apertureM * cos * cpiS);
        };
    }

    /**
     * One 1D MUSIC search over parameter p; returns the fit at the new estimate. With {@code halfCells > 0} it
     * first scans a grid over the window; then it refines by successive parabolic interpolation (the spectrum is
     * smooth and nearly quadratic at its peak), shrinking the spacing by 4 each round.
     */
    private double refine(int p, double halfCells) {
        double res = cell(p);
        double center = p == RANGE ? 1 / eta[RANGE] : eta[p];
        double h;
        double best;
        double bestFit;
        if (halfCells > 0) {
            double lo = clamp(p, center - halfCells * res);
            double hi = clamp(p, center + halfCells * res);
            int points = (int) Math.ceil((hi - lo) / (GRID_STEP_CELLS * res)) + 1;
            points = Math.max(5, Math.min(MAX_GRID_POINTS, points));
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
            h = Math.min(h, PARABOLA_START_CELLS * res);
        } else {
            h = PARABOLA_START_CELLS * res;
            best = center;
            bestFit = evaluate(p, best);
        }
        for (int round = 0; round < parabolaRounds; round++) {
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

    private double clamp(int p, double x) {
        if (p == THETA) {
            return Math.max(-Math.PI / 2 + 1e-3, Math.min(Math.PI / 2 - 1e-3, x));
        }
        return p == RANGE ? Math.max(x, minInverseRange) : x;
    }

    private double evaluate(int p, double x) {
        double theta = p == THETA ? x : eta[THETA];
        double range = p == RANGE ? 1 / x : eta[RANGE];
        double radial = p == RADIAL ? x : eta[RADIAL];
        double transverse = p == TRANSVERSE ? x : eta[TRANSVERSE];
        return spectrum.anchoredFit(theta, range, radial, transverse);
    }
}
