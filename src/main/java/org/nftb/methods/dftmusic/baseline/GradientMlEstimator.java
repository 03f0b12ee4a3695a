package org.nftb.methods.dftmusic.baseline;

import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.Estimator;
import org.nftb.estimator.TargetEstimate;
import org.nftb.methods.dftmusic.MusicSpectrum;
import org.nftb.frontend.Snapshot;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;

/**
 * Seed 001's first baseline (§V, "Maximum Likelihood Estimation: the gradient-based method presented in [6]"): the
 * maximum-likelihood estimate of (θ, r, v_r, v_θ) by gradient ascent on the concentrated likelihood
 * {@code |yᴴv(η)|²/(‖y‖²‖v‖²)} (the same function the MUSIC stage maximizes one parameter at a time).
 *
 * <p>Choices where the paper is silent (reference [6] is not in our papers; each is stated here and in the
 * benchmark): the start is the best point of a coarse grid of G values per parameter over the valid region (G⁴
 * evaluations; the paper counts the method's cost as O(T G⁴ N M)); the ascent is steepest ascent preconditioned by
 * the squared resolution cells (so one step moves every parameter by comparable fractions of its resolution), with
 * Armijo backtracking, at most T iterations, stopping when a step moves no parameter by 10⁻⁶ of a cell. With G = 6
 * the grid is far coarser than the resolution (24° against 0.5° in angle at seed 001's array), so the ascent often
 * climbs a local peak: the "complex local optima in a high-dimensional search space" the paper reports.
 *
 * <p>Kernel: no threads or logging, allocates nothing per CPI; not thread-safe. Reports one target with its fit as
 * quality and no covariance (the method has none).
 */
public final class GradientMlEstimator implements Estimator {
    private final ElementArray rx;
    private final double wavelengthM;
    private final double apertureM;
    private final double cpiS;
    private final double minAngleRad;
    private final double maxAngleRad;
    private final double minRangeM;
    private final double maxVelocityMps;
    private final int gridPoints;
    private final int maxIterations;
    private final MusicSpectrum spectrum;
    private final double[] eta = new double[4];
    private final double[] gradient = new double[4];
    private final double[] trial = new double[4];
    private final double[] scale = new double[4];
    private int iterations;

    /**
     * @param gridPoints    G, grid values per parameter of the start
     * @param maxIterations T, most gradient steps
     */
    public GradientMlEstimator(ElementArray rx, double wavelengthM, double symbolPeriodS, int symbols,
                               double minAngleRad, double maxAngleRad, double minRangeM, double maxVelocityMps,
                               int gridPoints, int maxIterations) {
        if (gridPoints < 2 || maxIterations < 1) {
            throw new IllegalArgumentException("need G >= 2 and T >= 1, got " + gridPoints + ", " + maxIterations);
        }
        this.rx = rx;
        this.wavelengthM = wavelengthM;
        this.apertureM = rx.apertureM();
        this.cpiS = symbols * symbolPeriodS;
        this.minAngleRad = minAngleRad;
        this.maxAngleRad = maxAngleRad;
        this.minRangeM = minRangeM;
        this.maxVelocityMps = maxVelocityMps;
        this.gridPoints = gridPoints;
        this.maxIterations = maxIterations;
        this.spectrum = new MusicSpectrum(new ElementRangeModel(rx, wavelengthM), rx, symbolPeriodS, symbols);
    }

    @Override
    public String name() {
        return "gradientml";
    }

    @Override
    public void estimate(Snapshot snapshot, EstimateFrame out) {
        estimate(snapshot.data(), out);
    }

    /** Estimates one target from a snapshot (interleaved, channel-major, N × M). */
    public void estimate(float[] snapshot, EstimateFrame out) {
        out.clear();
        spectrum.load(snapshot);
        double fit = gridStart();
        iterations = 0;
        for (int it = 0; it < maxIterations; it++) {
            iterations++;
            double current = spectrum.fitGradient(eta[0], 1 / eta[1], eta[2], eta[3], gradient);
            cells();
            // ∂F/∂w = −r² ∂F/∂r (the search runs in w = 1/r, where the range resolution is uniform)
            gradient[1] *= -1 / (eta[1] * eta[1]);
            double slope = 0;
            double largest = 0;
            for (int p = 0; p < 4; p++) {
                double d = scale[p] * scale[p] * gradient[p];
                slope += d * gradient[p];
                largest = Math.max(largest, Math.abs(d) / scale[p]);
            }
            if (!(largest > 0)) {
                break;
            }
            double alpha = 0.5 / largest;   // the first try moves some parameter by half a cell
            boolean moved = false;
            for (int h = 0; h < 40; h++) {
                for (int p = 0; p < 4; p++) {
                    trial[p] = eta[p] + alpha * scale[p] * scale[p] * gradient[p];
                }
                trial[0] = Math.max(-Math.PI / 2 + 1e-3, Math.min(Math.PI / 2 - 1e-3, trial[0]));
                trial[1] = Math.max(1e-3, trial[1]);
                double f = spectrum.fit(trial[0], 1 / trial[1], trial[2], trial[3]);
                if (f >= current + 1e-4 * alpha * slope) {
                    System.arraycopy(trial, 0, eta, 0, 4);
                    fit = f;
                    moved = true;
                    break;
                }
                alpha *= 0.5;
            }
            if (!moved || alpha * largest < 1e-6) {
                break;
            }
        }
        TargetEstimate t = out.addTarget();
        t.setPolar(eta[0], 1 / eta[1], eta[2], eta[3], rx.referenceXM(), rx.referenceYM());
        t.setQuality(fit, Double.NaN, Double.NaN, true);
    }

    /** Gradient steps of the last {@link #estimate}. */
    public int iterations() {
        return iterations;
    }

    /** Best point of the G⁴ grid over the region into {@link #eta} (θ, 1/r, v_r, v_θ); returns its fit. */
    private double gridStart() {
        double best = -1;
        int g = gridPoints;
        for (int i = 0; i < g; i++) {
            double theta = minAngleRad + (maxAngleRad - minAngleRad) * i / (g - 1);
            double far = 1 / rx.effectiveBeamfocusingDistanceM(wavelengthM, theta);
            double near = 1 / minRangeM;
            for (int j = 0; j < g; j++) {
                double w = far + (near - far) * j / (g - 1);
                for (int a = 0; a < g; a++) {
                    double vr = maxVelocityMps * (2.0 * a / (g - 1) - 1);
                    for (int b = 0; b < g; b++) {
                        double vt = maxVelocityMps * (2.0 * b / (g - 1) - 1);
                        double f = spectrum.fit(theta, 1 / w, vr, vt);
                        if (f > best) {
                            best = f;
                            eta[0] = theta;
                            eta[1] = w;
                            eta[2] = vr;
                            eta[3] = vt;
                        }
                    }
                }
            }
        }
        return best;
    }

    /** Resolution cells at the current point: θ, 1/r, v_r, v_θ (as in the dftmusic refinement). */
    private void cells() {
        double cos = Math.max(0.05, Math.cos(eta[0]));
        scale[0] = wavelengthM / (apertureM * cos);
        scale[1] = 4 * wavelengthM / (apertureM * apertureM * cos * cos);
        scale[2] = wavelengthM / cpiS;
        scale[3] = wavelengthM / (eta[1] * apertureM * cos * cpiS);
    }
}
