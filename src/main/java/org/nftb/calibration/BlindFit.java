package org.nftb.calibration;

import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.Estimator;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.TargetEstimate;
import org.nftb.frontend.Snapshot;
import org.nftb.frontend.SnapshotShape;
import org.nftb.model.ElementArray;

import java.util.Locale;
import org.nftb.calibration.table.CalibrationException;
import org.nftb.calibration.table.ChainWeights;

/**
 * Blind (self-) calibration from a target nobody placed, in the manner of Weiss and Friedlander's eigenstructure
 * method ("Eigenstructure methods for direction finding with sensor gain and phase uncertainties", 1990): alternate
 * between the target's parameters with W fixed (the estimator in force, on the data corrected by the current W)
 * and W with the parameters fixed ({@link ElementResiduals}: the per-element ratio of data to model), until W stops
 * changing.
 *
 * <p>Offline it works on a {@link CpiStack} of a scene that holds still across the CPIs (a stationary target, or
 * seed 001's frozen one), whose signal lies along the dominant eigenvector of the CPIs' covariance (for one target,
 * the rank-one signal subspace of Weiss–Friedlander): the stack carries it at K times the SNR of one CPI, which is
 * what lets the method work below the estimator's own threshold (seed 001 DFT+MUSIC needs about 30 dB processed SNR
 * per CPI; 6600 CPIs at 20 dB give it 58 dB). Online, the drift watch runs the same W step on every CPI's estimate
 * ({@link DriftWatch}).
 *
 * <p><b>Unobservable part.</b> Each W update keeps only its observable part ({@link ElementResiduals#observable}): a
 * phase ramp along {1, ∂L/∂x, ∂L/∂y} at the target is indistinguishable from the target being elsewhere, so the
 * table keeps the ramp of the table it started from (none, from the identity). For seed 001's W (phases U[0, 5°])
 * that leaves about 0.13° rms, the projection of the true phases on those two directions ({@code 1.44°·√(2/N)}).
 */
public final class BlindFit {
    /** Iterations at most; each re-runs the estimator once. */
    public static final int MAX_ITERATIONS = 12;
    /** Stop when an update moves the phases by less than this, rms degrees. */
    public static final double CONVERGED_DEG = 0.002;

    private BlindFit() {
    }

    /**
     * @param weights      W, normalized, with uncertainty (from the stack's noise)
     * @param target       the target's estimate in the last iteration (Cartesian, at the stack's CPI centre)
     * @param iterations   alternations run
     * @param lastStepDeg  rms phase change of the last update, degrees
     */
    public record Result(ChainWeights weights, TargetEstimate target, int iterations, double lastStepDeg) {
    }

    /**
     * @param stack   stacked CPIs of a still scene
     * @param setup   the estimator (its front end is not used: the stack is already N × M symbols)
     * @param start   the table to start from (interleaved w_n; its unobservable ramp is kept)
     */
    public static Result fit(CpiStack stack, EstimatorSetup setup, ElementArray rx, double wavelengthM,
                             double symbolPeriodS, double[] start) {
        int n = stack.channels();
        int m = stack.symbols();
        double[] s = stack.mean();
        double[] w = start.clone();
        Locator locator = new Locator(setup, n, m);
        ElementResiduals residuals = new ElementResiduals(rx, wavelengthM, m, symbolPeriodS);
        double[] z = new double[s.length];
        TargetEstimate target = new TargetEstimate(setup.diagnosticNames().size());
        double step = Double.NaN;
        int it = 0;
        while (it < MAX_ITERATIONS) {
            it++;
            divide(s, w, n, m, z);
            target.copyFrom(locator.locate(z, stack.count()));
            residuals.reset();
            residuals.add(z, target.xM(), target.yM(), target.vxMps(), target.vyMps());
            double[] e = residuals.residual(residuals.mean());
            double[] next = new ChainWeights(w, new double[n], new double[n]).times(e).w();
            step = WeightsComparison.of(next, w).rmsPhaseDeg();
            w = next;
            if (step < CONVERGED_DEG) {
                break;
            }
        }
        // uncertainty: e_n = g_n / α with var g_n = σ_n² / (K M |w_n|²) on the corrected stack
        divide(s, w, n, m, z);
        double[] std = new double[n];
        residuals.reset();
        residuals.add(z, target.xM(), target.yM(), target.vxMps(), target.vyMps());
        double alpha = residuals.lastAmplitude();
        for (int e = 0; e < n; e++) {
            double wMag = Math.hypot(w[2 * e], w[2 * e + 1]);
            double gStd = Math.sqrt(stack.noiseVariance(e) / ((double) stack.count() * m)) / wMag;
            std[e] = gStd / alpha * wMag;
        }
        return new Result(ChainWeights.withComplexStd(w, std).normalized(), target, it, step);
    }

    /**
     * The target in a stacked snapshot corrected by {@code w} (the estimator's first target, which must be
     * consistent by its own quality measure).
     *
     * @throws CalibrationException when the estimator finds no consistent target
     */
    public static TargetEstimate target(CpiStack stack, double[] w, EstimatorSetup setup) {
        double[] z = new double[2 * stack.channels() * stack.symbols()];
        divide(stack.mean(), w, stack.channels(), stack.symbols(), z);
        return new Locator(setup, stack.channels(), stack.symbols()).locate(z, stack.count());
    }

    /** Runs the estimator on a corrected stack. */
    private static final class Locator {
        final Estimator estimator;
        final Snapshot snapshot;
        final EstimateFrame frame;

        Locator(EstimatorSetup setup, int n, int m) {
            estimator = setup.newEstimator();
            snapshot = new Snapshot(new SnapshotShape(1, n, m));
            frame = setup.newFrame();
        }

        TargetEstimate locate(double[] z, int cpis) {
            float[] data = snapshot.data();
            for (int i = 0; i < z.length; i++) {
                data[i] = (float) z[i];
            }
            estimator.estimate(snapshot, frame);
            if (frame.targetCount() == 0 || !frame.target(0).consistent()) {
                throw new CalibrationException(String.format(Locale.ROOT, "blind calibration: the estimator found no "
                        + "consistent target in %d stacked CPIs%s; the method needs one target in view that holds "
                        + "still (stationary, or a frozen simulated scene)", cpis, frame.targetCount() == 0 ? ""
                        : String.format(Locale.ROOT, " (fit %.3f where %.3f is expected)",
                        frame.target(0).fitAchieved(), frame.target(0).fitExpected())));
            }
            return frame.target(0);
        }
    }

    /** {@code z[e, k] = s[e, k] / w_e} for an N × M snapshot. */
    static void divide(double[] s, double[] w, int n, int m, double[] z) {
        for (int e = 0; e < n; e++) {
            double wr = w[2 * e];
            double wi = w[2 * e + 1];
            double d = wr * wr + wi * wi;
            for (int k = 0; k < m; k++) {
                int i = 2 * (e * m + k);
                z[i] = (s[i] * wr + s[i + 1] * wi) / d;
                z[i + 1] = (s[i + 1] * wr - s[i] * wi) / d;
            }
        }
    }
}
