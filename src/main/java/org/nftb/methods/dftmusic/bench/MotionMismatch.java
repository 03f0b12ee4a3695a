package org.nftb.methods.dftmusic.bench;

import org.nftb.methods.dftmusic.DftMusicConfig;
import org.nftb.methods.dftmusic.DftMusicSetup;
import org.nftb.model.CpiTiming;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PolarState;
import org.nftb.model.TargetState;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The model mismatch a moving target puts into seed 001's estimator, and how much of it the estimator accepts,
 * measured by the sweep.
 *
 * <p>A target moving in a straight line during the CPI bends every element's path (by {@code ½ t² v_⊥²/ρ}); seed
 * 001's model keeps each path linear in time. The mismatch of a target is {@code ε}, the fraction of the energy of
 * its true echo ({@link Echoes.Motion#LINEAR}) outside the model's echo of the same CPI-centre state
 * ({@link Echoes.Motion#FROZEN}) with the best complex gain: {@code ε = 1 − |fᴴl|²/(‖f‖²‖l‖²)}. What it does to an
 * estimate depends on the noise: the mismatch-to-noise ratio {@code μ = ε · processed SNR} is the mismatch's energy
 * over the noise power per sample. To first order the estimate's bias b obeys {@code b_q²/CRB_q ≤ 2μ} for every
 * parameter (the bias is J⁻¹ times the mismatch's projection on the model's derivatives), so MSE/CRB ≤ 1 dB is
 * guaranteed below μ ≈ −9 dB; the sweep measures where it really ends by binning its linear-motion points by μ.
 */
final class MotionMismatch {
    /** Upper edges of the μ bins, dB (the last bin is open). */
    static final double[] EDGES_DB = {-20, -10, -5, 0, 5, 10, 15, 20};
    /** MSE/CRB accepted, dB (the sweep's bar). */
    static final double ACCEPTED_DB = 1;
    /**
     * Lowest processed SNR pooled, dB: below it the estimator is in its threshold region even on seed 001's own
     * model (frozen: 1 % of draws fail at 25 dB, none from 30 dB), which would be counted as mismatch.
     */
    static final double POOLED_FROM_DB = 30;

    private MotionMismatch() {
    }

    /** {@code ε} of a target whose CPI-centre state is {@code truth}: the linear echo's energy outside the model's. */
    static double fraction(ElementArray rx, double wavelengthM, int symbols, double symbolPeriodS, PolarState truth) {
        TargetState centre = TargetState.fromPolar(truth, rx.referenceXM(), rx.referenceYM());
        double[] model = new double[2 * rx.count() * symbols];
        Echoes.add(Echoes.Motion.FROZEN, rx, wavelengthM, centre, symbols, symbolPeriodS, 1, 0, model);
        return outside(model, rx, wavelengthM, centre, symbols, symbolPeriodS);
    }

    /**
     * {@code ε} of the straight-line model to second order in time ({@code motionModel: linear}): the energy of the
     * true echo outside {@code exp(−jk(L + L̇ t + ½ L̈ t²))}, what its third-order term leaves.
     */
    static double secondOrderFraction(ElementArray rx, double wavelengthM, int symbols, double symbolPeriodS,
                                      PolarState truth) {
        TargetState centre = TargetState.fromPolar(truth, rx.referenceXM(), rx.referenceYM());
        ElementRangeModel m = new ElementRangeModel(rx, wavelengthM);
        double[] path = new double[rx.count()];
        double[] rate = new double[rx.count()];
        m.paths(centre, path, rate);
        double speed2 = centre.vxMps() * centre.vxMps() + centre.vyMps() * centre.vyMps();
        double k = 2 * Math.PI / wavelengthM;
        double[] model = new double[2 * rx.count() * symbols];
        for (int n = 0; n < rx.count(); n++) {
            double accel = ElementRangeModel.pathAcceleration(speed2, path[n], rate[n]);
            for (int q = 0; q < symbols; q++) {
                double t = CpiTiming.symbolTimeS(q, symbols, symbolPeriodS);
                double phase = -k * (path[n] + rate[n] * t + 0.5 * accel * t * t);
                model[2 * (n * symbols + q)] = Math.cos(phase);
                model[2 * (n * symbols + q) + 1] = Math.sin(phase);
            }
        }
        return outside(model, rx, wavelengthM, centre, symbols, symbolPeriodS);
    }

    /** {@code 1 − |fᴴl|²/(‖f‖²‖l‖²)} of a model echo f against the true straight-line echo l. */
    private static double outside(double[] model, ElementArray rx, double wavelengthM, TargetState centre, int symbols,
                                  double symbolPeriodS) {
        double[] real = new double[model.length];
        Echoes.add(Echoes.Motion.LINEAR, rx, wavelengthM, centre, symbols, symbolPeriodS, 1, 0, real);
        double re = 0;
        double im = 0;
        double ff = 0;
        double ll = 0;
        for (int i = 0; i < model.length; i += 2) {
            re += model[i] * real[i] + model[i + 1] * real[i + 1];
            im += model[i] * real[i + 1] - model[i + 1] * real[i];
            ff += model[i] * model[i] + model[i + 1] * model[i + 1];
            ll += real[i] * real[i] + real[i + 1] * real[i + 1];
        }
        double cos2 = (re * re + im * im) / (ff * ll);
        return Math.max(0, 1 - cos2);
    }

    /**
     * Prints, for the linear-motion points of variant {@code base / METRICS_PER_VARIANT}, the outcomes and the median
     * MSE/CRB per μ bin, and the accepted mismatch: the largest μ up to which every bin has its median MSE/CRB
     * within {@link #ACCEPTED_DB} for all four parameters and no unflagged gross error. Returns that μ in dB
     * (−∞ if even the first bin misses, +∞ if none does).
     */
    static double report(SweepTrial trial, Results r, int base, DftMusicSetup setup) {
        int linear = Arrays.asList(trial.motions()).indexOf(Echoes.Motion.LINEAR);
        if (linear < 0) {
            return Double.NaN;
        }
        double[] epsilon = new double[trial.targets()];
        for (int t = 0; t < trial.targets(); t++) {
            epsilon[t] = fraction(setup.rxArray(), setup.wavelengthM(), setup.symbols(), setup.symbolPeriodS(),
                    trial.truth(t));
        }
        Bins bins = bin(trial, r, base, linear, epsilon);
        double[] eDb = Arrays.stream(epsilon).map(e -> 10 * Math.log10(e)).toArray();
        if (SweepTrial.modelFor(Echoes.Motion.LINEAR) == DftMusicConfig.MotionModel.LINEAR) {
            printSecondOrder(trial, setup);
        }
        System.out.printf(Locale.ROOT, "%nlinear motion, model mismatch ε (the true echo's energy outside seed 001's "
                        + "model echo of the same CPI-centre state) over the %d targets: median %.1f dB, p90 %.1f dB, "
                        + "max %.1f dB; μ = ε·processed SNR (mismatch over noise); first-order bound bias²/CRB ≤ 2μ; points at "
                        + "processed SNR ≥ %.0f dB (above the threshold region) binned by μ:%n",
                trial.targets(), Stats.median(eDb), Stats.quantile(eDb, 0.9), Stats.quantile(eDb, 1), POOLED_FROM_DB);
        double accepted = printBins(bins);
        System.out.printf(Locale.ROOT, "accepted model mismatch (linear motion): μ ≤ %s dB (every bin up to it: median "
                + "MSE/CRB ≤ %.0f dB for all four parameters and no unflagged gross error)%n",
                Double.isInfinite(accepted) && accepted > 0 ? "every measured" : String.format(Locale.ROOT, "%.0f",
                        accepted), ACCEPTED_DB);
        StringBuilder beyond = new StringBuilder();
        for (double snr : trial.snrDb()) {
            int n = 0;
            for (double e : eDb) {
                n += e + snr > accepted ? 1 : 0;
            }
            beyond.append(String.format(Locale.ROOT, "%s%.0f dB: %.1f %%", beyond.length() == 0 ? "" : ", ", snr,
                    100.0 * n / eDb.length));
        }
        System.out.println("targets of the region beyond it (ε > accepted μ / SNR), per processed SNR: " + beyond);
        return accepted;
    }

    /**
     * Per μ bin: the mean squared errors over CRB of each (target, SNR) point ({@code mse}, one {θ, r, v_r, v_θ} per
     * point) and the draws by status ({@code counts[bin][status]}).
     */
    private record Bins(List<List<double[]>> mse, int[][] counts) {
    }

    /** The linear-motion points at processed SNR ≥ {@link #POOLED_FROM_DB}, binned by μ = ε·SNR. */
    private static Bins bin(SweepTrial trial, Results r, int base, int linear, double[] epsilon) {
        int bins = EDGES_DB.length + 1;
        List<List<double[]>> mse = new ArrayList<>();
        int[][] counts = new int[bins][4];
        for (int b = 0; b < bins; b++) {
            mse.add(new ArrayList<>());
        }
        for (int t = 0; t < trial.targets(); t++) {
            for (int s = 0; s < trial.snrDb().length; s++) {
                if (trial.snrDb()[s] < POOLED_FROM_DB) {
                    continue;
                }
                double muDb = 10 * Math.log10(epsilon[t]) + trial.snrDb()[s];
                int b = 0;
                while (b < EDGES_DB.length && muDb > EDGES_DB[b]) {
                    b++;
                }
                int point = (linear * trial.targets() + t) * trial.snrDb().length + s;
                double[] sum = new double[4];
                int n = 0;
                for (int k = 0; k < r.trials(); k++) {
                    counts[b][(int) r.get(point, k, base + SweepTrial.STATUS)]++;
                    if (!Double.isNaN(r.get(point, k, base))) {
                        for (int q = 0; q < 4; q++) {
                            sum[q] += r.get(point, k, base + q);
                        }
                        n++;
                    }
                }
                if (n > 0) {
                    mse.get(b).add(new double[] {sum[0] / n, sum[1] / n, sum[2] / n, sum[3] / n});
                }
            }
        }
        return new Bins(mse, counts);
    }

    /** The straight-line model's own (second-order) mismatch ε₂ over the targets. */
    private static void printSecondOrder(SweepTrial trial, DftMusicSetup setup) {
        double[] e2Db = new double[trial.targets()];
        for (int t = 0; t < trial.targets(); t++) {
            e2Db[t] = 10 * Math.log10(Math.max(1e-30, secondOrderFraction(setup.rxArray(), setup.wavelengthM(),
                    setup.symbols(), setup.symbolPeriodS(), trial.truth(t))));
        }
        System.out.printf(Locale.ROOT, "%nlinear-motion draws are estimated with motionModel linear (paths to second "
                        + "order in time): its own mismatch ε₂ over the %d targets: median %.1f dB, p90 %.1f dB, "
                        + "max %.1f dB (μ₂ ≤ %.1f dB at the top SNR); the μ bins below are those of "
                        + "seed 001's model (what motionModel frozen would face on the same data)%n", trial.targets(),
                Stats.median(e2Db), Stats.quantile(e2Db, 0.9), Stats.quantile(e2Db, 1),
                Stats.quantile(e2Db, 1) + 50);
    }

    /**
     * The table of the bins (points, draws, gross errors, unresolved, missed, median MSE/CRB of each parameter) and
     * the accepted mismatch: the upper edge below the first bin that misses (−∞ for the first, +∞ when none does).
     */
    private static double printBins(Bins bins) {
        System.out.println("| μ dB | points | draws | wrong | unresolved | missed | median MSE/CRB dB (θ, r, v_r, v_θ) |");
        System.out.println("|---|---|---|---|---|---|---|");
        int[][] counts = bins.counts();
        double accepted = Double.POSITIVE_INFINITY;
        boolean holding = true;
        for (int b = 0; b < counts.length; b++) {
            List<double[]> points = bins.mse().get(b);
            int draws = counts[b][0] + counts[b][1] + counts[b][2] + counts[b][3];
            if (draws == 0) {
                continue;
            }
            double[] medianDb = new double[4];
            boolean within = counts[b][1] == 0;
            for (int q = 0; q < 4; q++) {
                final int p = q;
                double[] v = points.stream().mapToDouble(x -> x[p]).toArray();
                medianDb[q] = v.length == 0 ? Double.NaN : 10 * Math.log10(Stats.median(v));
                within &= medianDb[q] <= ACCEPTED_DB;
            }
            String label = b == 0 ? String.format(Locale.ROOT, "≤ %.0f", EDGES_DB[0])
                    : b == EDGES_DB.length ? String.format(Locale.ROOT, "> %.0f", EDGES_DB[b - 1])
                    : String.format(Locale.ROOT, "%.0f to %.0f", EDGES_DB[b - 1], EDGES_DB[b]);
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %.2f, %.2f, %.2f, %.2f |%n", label,
                    points.size(), draws, counts[b][1], counts[b][2], counts[b][3], medianDb[0], medianDb[1],
                    medianDb[2], medianDb[3]);
            if (holding && !within) {
                holding = false;
                accepted = b == 0 ? Double.NEGATIVE_INFINITY : EDGES_DB[b - 1];
            }
        }
        return accepted;
    }
}
