package org.nftb.montecarlo;


/**
 * Every trial's metrics of a study, indexed by (point, trial, metric), with the statistics every benchmark uses:
 * mean, mean square, quantiles and the fraction of trials over a threshold. Because results are stored by index,
 * they do not depend on the order trials finished in.
 */
public final class Results {
    private final int points;
    private final int trials;
    private final int metrics;
    private final double[] values;

    public Results(int points, int trials, int metrics) {
        this.points = points;
        this.trials = trials;
        this.metrics = metrics;
        this.values = new double[Math.multiplyExact(Math.multiplyExact(points, trials), metrics)];
    }

    public int points() { return points; }
    public int trials() { return trials; }
    public int metrics() { return metrics; }

    /** Stores trial (point, trial)'s metrics (runner side). */
    public void put(int point, int trial, double[] metricValues) {
        System.arraycopy(metricValues, 0, values, offset(point, trial), metrics);
    }

    public double get(int point, int trial, int metric) {
        return values[offset(point, trial) + metric];
    }

    /** The metric over the trials of one point (a new array). */
    public double[] column(int point, int metric) {
        double[] out = new double[trials];
        for (int t = 0; t < trials; t++) {
            out[t] = get(point, t, metric);
        }
        return out;
    }

    public double mean(int point, int metric) {
        double s = 0;
        for (int t = 0; t < trials; t++) {
            s += get(point, t, metric);
        }
        return s / trials;
    }

    /** Mean of the squared metric (the MSE when the metric is an error). */
    public double meanSquare(int point, int metric) {
        double s = 0;
        for (int t = 0; t < trials; t++) {
            double v = get(point, t, metric);
            s += v * v;
        }
        return s / trials;
    }

    public double quantile(int point, int metric, double q) {
        return Stats.quantile(column(point, metric), q);
    }

    /** Fraction of trials whose |metric| exceeds {@code threshold}. */
    public double fractionAbove(int point, int metric, double threshold) {
        int n = 0;
        for (int t = 0; t < trials; t++) {
            if (Math.abs(get(point, t, metric)) > threshold) {
                n++;
            }
        }
        return (double) n / trials;
    }

    private int offset(int point, int trial) {
        if (point < 0 || point >= points || trial < 0 || trial >= trials) {
            throw new IndexOutOfBoundsException("(point " + point + ", trial " + trial + ") outside " + points + " x "
                    + trials);
        }
        return (point * trials + trial) * metrics;
    }
}
