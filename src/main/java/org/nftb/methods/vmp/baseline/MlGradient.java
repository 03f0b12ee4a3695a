package org.nftb.methods.vmp.baseline;

/**
 * Seed 000's first baseline (§V, "ML Estimation"): the least squares of eq. (63) over (p₀, v₀) with the gains
 * concentrated out, i.e. the maximum of {@link PairLikelihood#value J}, by gradient ascent.
 *
 * <p>Choices where the paper is silent (stated here and in the benchmark): the start is the best point of a coarse
 * grid of G values per parameter over a search box (G⁴ evaluations; the box is the caller's: the benchmark centres
 * it near the truth); the ascent is steepest ascent preconditioned by the diagonal of the Fisher information
 * ({@link PairLikelihood#curvature}: one step moves each parameter by its own Newton step, ignoring the couplings),
 * with backtracking (halve the step until J grows, at most 30 halvings), at most T iterations, stopping when a step
 * changes J by less than 10⁻¹² of it. Position and velocity coupled through the bistatic Doppler and a start far
 * coarser than the resolution leave the ascent on local peaks: the paper's "local minima in high-dimensional
 * optimization".
 *
 * <p>Kernel: allocates nothing per CPI; not thread-safe.
 */
public final class MlGradient {
    private final PairLikelihood likelihood;
    private final int gridPoints;
    private final int maxIterations;
    private final double[] theta = new double[4];
    private final double[] trial = new double[4];
    private final double[] grad = new double[4];
    private final double[] curv = new double[4];
    private int iterations;

    /**
     * @param gridPoints    G, values per parameter of the start grid (≥ 2)
     * @param maxIterations T, most gradient steps (≥ 1)
     */
    public MlGradient(PairLikelihood likelihood, int gridPoints, int maxIterations) {
        if (gridPoints < 2 || maxIterations < 1) {
            throw new IllegalArgumentException("ML baseline: need G >= 2 and T >= 1, got " + gridPoints + ", "
                    + maxIterations);
        }
        this.likelihood = likelihood;
        this.gridPoints = gridPoints;
        this.maxIterations = maxIterations;
    }

    /**
     * Estimates (x, y, v_x, v_y) from {@code data}; the start grid spans {@code centre[i] ± halfWidth[i]} with G
     * points per parameter, cell centres (so G even never puts a point on the centre).
     */
    public void run(float[] data, double[] centre, double[] halfWidth) {
        double best = Double.NEGATIVE_INFINITY;
        int g = gridPoints;
        for (int a = 0; a < g; a++) {
            for (int b = 0; b < g; b++) {
                for (int c = 0; c < g; c++) {
                    for (int d = 0; d < g; d++) {
                        trial[0] = node(centre[0], halfWidth[0], a);
                        trial[1] = node(centre[1], halfWidth[1], b);
                        trial[2] = node(centre[2], halfWidth[2], c);
                        trial[3] = node(centre[3], halfWidth[3], d);
                        double v = likelihood.value(data, trial[0], trial[1], trial[2], trial[3], null);
                        if (v > best) {
                            best = v;
                            System.arraycopy(trial, 0, theta, 0, 4);
                        }
                    }
                }
            }
        }
        iterations = 0;
        double j = likelihood.value(data, theta[0], theta[1], theta[2], theta[3], grad);
        for (int it = 1; it <= maxIterations; it++) {
            iterations = it;
            likelihood.curvature(theta[0], theta[1], theta[2], theta[3], curv);
            double step = 1;
            double jNew = Double.NEGATIVE_INFINITY;
            for (int h = 0; h < 30; h++, step /= 2) {
                for (int i = 0; i < 4; i++) {
                    trial[i] = theta[i] + step * grad[i] / curv[i];
                }
                jNew = likelihood.value(data, trial[0], trial[1], trial[2], trial[3], null);
                if (jNew > j) {
                    break;
                }
            }
            if (!(jNew > j)) {
                break;
            }
            System.arraycopy(trial, 0, theta, 0, 4);
            boolean done = jNew - j < 1e-12 * jNew;
            j = likelihood.value(data, theta[0], theta[1], theta[2], theta[3], grad);
            if (done) {
                break;
            }
        }
    }

    private double node(double centre, double halfWidth, int i) {
        return centre - halfWidth + (2 * i + 1) * halfWidth / gridPoints;
    }

    public double xM() { return theta[0]; }
    public double yM() { return theta[1]; }
    public double vxMps() { return theta[2]; }
    public double vyMps() { return theta[3]; }
    public int iterations() { return iterations; }
}
