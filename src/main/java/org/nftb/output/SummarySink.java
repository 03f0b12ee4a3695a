package org.nftb.output;

import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.TargetEstimate;
import org.nftb.model.PolarState;
import org.nftb.model.TargetState;

import java.util.ArrayList;
import java.util.List;

/**
 * A sink that only counts, for the run's {@link RunSummary}: latency over the whole run, and per target the error
 * of each estimated parameter. With the truth (simulated array, replay of a simulated capture) every reported target
 * is compared with the nearest true target in x–y, as the dashboard does; errors are accumulated per true target
 * (bias, RMSE) next to the CRB variance the estimate carries (its polar covariance, the bound at the estimate),
 * so RMSE/√CRB says how far from the bound the run was. Without the truth the estimates' mean and spread are kept
 * per reported target index. Fixed memory per target; called by the emitter like every sink.
 */
public final class SummarySink implements RecordSink {
    /** Parameters in {@link PolarState#PARAMETER_NAMES} order, as the records name them (angle in degrees). */
    static final String[] NAMES = {"angleDeg", "rangeM", "radialVelocityMps", "transverseVelocityMps"};
    static final String[] UNITS = {"deg", "m", "m/s", "m/s"};
    private static final int MAX_TARGETS = 16;

    private final int parameters;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final Accumulator[] truthTargets = new Accumulator[MAX_TARGETS];
    private final Accumulator[] reportedTargets = new Accumulator[MAX_TARGETS];
    private long calibrationVersion = 1;
    private String calibrationTable = "";
    private long calibrationChanges;
    private boolean truthSeen;

    /** @param velocity whether the estimator estimates velocities (else only angle and range are summarized) */
    public SummarySink(boolean velocity) {
        this.parameters = velocity ? 4 : 2;
        for (int k = 0; k < MAX_TARGETS; k++) {
            truthTargets[k] = new Accumulator(parameters);
            reportedTargets[k] = new Accumulator(parameters);
        }
    }

    /** Sums for one target: per parameter, errors (or values) and CRB variances. */
    private static final class Accumulator {
        long estimates;
        final long[] n;
        final double[] sum;
        final double[] sum2;
        final double[] valueSum;
        final double[] valueSum2;
        final long[] nCrb;
        final double[] crbSum;

        Accumulator(int parameters) {
            n = new long[parameters];
            sum = new double[parameters];
            sum2 = new double[parameters];
            valueSum = new double[parameters];
            valueSum2 = new double[parameters];
            nCrb = new long[parameters];
            crbSum = new double[parameters];
        }

        void add(TargetEstimate t, PolarState truth, int parameters) {
            estimates++;
            for (int i = 0; i < parameters; i++) {
                double scale = i == 0 ? 180 / Math.PI : 1;
                double v = t.parameter(i) * scale;
                if (!Double.isFinite(v)) {
                    continue;
                }
                n[i]++;
                valueSum[i] += v;
                valueSum2[i] += v * v;
                if (truth != null) {
                    double e = v - truth.parameter(i) * scale;
                    sum[i] += e;
                    sum2[i] += e * e;
                }
                double var = t.hasCovariance() ? t.polarCovariance(i, i) * scale * scale : Double.NaN;
                if (Double.isFinite(var) && var >= 0) {
                    nCrb[i]++;
                    crbSum[i] += var;
                }
            }
        }
    }

    @Override
    public void start(RunInfo info) {
        calibrationTable = info.calibration();
    }

    @Override
    public void estimate(EstimateRecord r) {
        latency.add(r.latencyNanos());
        EstimateFrame f = r.targets();
        List<TargetState> truth = r.truth();
        for (int k = 0; k < f.targetCount(); k++) {
            TargetEstimate t = f.target(k);
            if (truth != null && !truth.isEmpty()) {
                truthSeen = true;
                int j = nearest(truth, t);
                if (j < MAX_TARGETS) {
                    truthTargets[j].add(t, r.truthPolar(j), parameters);
                }
            } else if (k < MAX_TARGETS) {
                reportedTargets[k].add(t, null, parameters);
            }
        }
    }

    private static int nearest(List<TargetState> truth, TargetEstimate t) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int j = 0; j < truth.size(); j++) {
            double d = Math.hypot(truth.get(j).xM() - t.xM(), truth.get(j).yM() - t.yM());
            if (d < bestD) {
                bestD = d;
                best = j;
            }
        }
        return best;
    }

    @Override
    public void calibration(long sequence, long version, String table) {
        calibrationVersion = version;
        calibrationTable = table;
        calibrationChanges++;
    }

    @Override
    public void health(HealthSnapshot health) {
    }

    @Override
    public void fault(long sequence, String what, String where) {
    }

    @Override
    public long recordsWritten() {
        return 0;
    }

    @Override
    public void close() {
    }

    /** The summary of what this sink saw, with the final health and the outputs the caller wrote. */
    public RunSummary summary(HealthSnapshot finalHealth, List<RunSummary.Output> outputs) {
        List<RunSummary.Target> targets = new ArrayList<>();
        Accumulator[] source = truthSeen ? truthTargets : reportedTargets;
        for (int k = 0; k < MAX_TARGETS; k++) {
            Accumulator a = source[k];
            if (a.estimates == 0) {
                continue;
            }
            List<RunSummary.Parameter> ps = new ArrayList<>();
            for (int i = 0; i < parameters; i++) {
                long n = a.n[i];
                double mean = n > 0 ? a.valueSum[i] / n : Double.NaN;
                double std = n > 1 ? Math.sqrt(Math.max(0, (a.valueSum2[i] - n * mean * mean) / (n - 1))) : Double.NaN;
                double bias = truthSeen && n > 0 ? a.sum[i] / n : Double.NaN;
                double rmse = truthSeen && n > 0 ? Math.sqrt(a.sum2[i] / n) : Double.NaN;
                double rootCrb = a.nCrb[i] > 0 ? Math.sqrt(a.crbSum[i] / a.nCrb[i]) : Double.NaN;
                ps.add(new RunSummary.Parameter(NAMES[i], UNITS[i], n, mean, std, bias, rmse, rootCrb));
            }
            targets.add(new RunSummary.Target(k, truthSeen, a.estimates, List.copyOf(ps)));
        }
        return new RunSummary(finalHealth, new RunSummary.Latency(latency.quantile(0.5), latency.quantile(0.99),
                latency.maxNanos()), List.copyOf(targets), new RunSummary.Calibration(calibrationVersion,
                calibrationTable, calibrationChanges), List.copyOf(outputs));
    }
}
