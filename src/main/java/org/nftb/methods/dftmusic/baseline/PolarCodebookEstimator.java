package org.nftb.methods.dftmusic.baseline;

import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.Estimator;
import org.nftb.estimator.TargetEstimate;
import org.nftb.methods.dftmusic.MusicSpectrum;
import org.nftb.frontend.Snapshot;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;

import java.util.Arrays;

/**
 * Seed 001's second baseline (§V, "Polar Codebook"): location from an oversampled polar codebook of (θ, r)
 * codewords (reference [10]), then velocity from a 2-D (v_r, v_θ) codebook with the location known.
 *
 * <p>Location: every codeword {@code a_n(θ, r) = exp(−jk(|p(θ, r) − e_n| − r))} (the exact spherical wavefront) is
 * matched to each symbol's snapshot and the powers are summed over the symbols,
 * {@code Σ_m |a(θ, r)ᴴ y_m|²}: a motion-blind metric, as a location codebook has no velocity. Velocity: the
 * codeword of every (v_r, v_θ) grid point at the given location is the full space-time steering vector, matched
 * coherently (the normalized correlation of {@link MusicSpectrum}).
 *
 * <p>Choices where the paper is silent (stated here and in the benchmark): the codebook ({@link PolarCodebook})
 * spans the valid region, angles uniform in sin θ, rings uniform in 1/r at every angle (a cell of range resolution
 * is uniform there, as in the polar-domain codebooks of [10] and Cui–Dai); the velocity grid spans ±v_max in
 * {@code velocityStepMps} steps. "With the location known" is taken literally, as in the paper's figures: the
 * benchmark passes the true location to the velocity stage; without one, the codebook's own location is used.
 * A codebook estimate can be no closer than its grid: its error floor is the quantization, about a twelfth of a
 * step squared.
 *
 * <p>Kernel: no threads or logging; allocates nothing per CPI; not thread-safe.
 */
public final class PolarCodebookEstimator implements Estimator {
    private final ElementArray rx;
    private final PolarCodebook codebook;
    private final int channels;
    private final int symbols;
    private final double maxVelocityMps;
    private final double velocityStepMps;
    private final MusicSpectrum spectrum;
    private final double[] accRe;
    private final double[] accIm;
    private double angleRad;
    private double rangeM;

    public PolarCodebookEstimator(PolarCodebook codebook, double symbolPeriodS, int symbols, double maxVelocityMps,
                                  double velocityStepMps) {
        this.rx = codebook.rx();
        this.codebook = codebook;
        this.channels = rx.count();
        this.symbols = symbols;
        this.maxVelocityMps = maxVelocityMps;
        this.velocityStepMps = velocityStepMps;
        this.spectrum = new MusicSpectrum(new ElementRangeModel(rx, codebook.wavelengthM()), rx, symbolPeriodS,
                symbols);
        this.accRe = new double[symbols];
        this.accIm = new double[symbols];
    }

    @Override
    public String name() {
        return "polarcodebook";
    }

    @Override
    public void estimate(Snapshot snapshot, EstimateFrame out) {
        estimate(snapshot.data(), Double.NaN, Double.NaN, out);
    }

    /**
     * Estimates one target from a snapshot (interleaved, channel-major, N × M). The velocity stage uses the location
     * {@code (knownAngleRad, knownRangeM)} when given (not NaN), else the codebook's own.
     */
    public void estimate(float[] snapshot, double knownAngleRad, double knownRangeM, EstimateFrame out) {
        out.clear();
        locate(snapshot);
        double theta = Double.isNaN(knownAngleRad) ? angleRad : knownAngleRad;
        double range = Double.isNaN(knownRangeM) ? rangeM : knownRangeM;
        spectrum.load(snapshot);
        int steps = (int) Math.round(2 * maxVelocityMps / velocityStepMps);
        double best = -1;
        double bestVr = 0;
        double bestVt = 0;
        for (int a = 0; a <= steps; a++) {
            double vr = -maxVelocityMps + a * velocityStepMps;
            for (int b = 0; b <= steps; b++) {
                double vt = -maxVelocityMps + b * velocityStepMps;
                double f = spectrum.fit(theta, range, vr, vt);
                if (f > best) {
                    best = f;
                    bestVr = vr;
                    bestVt = vt;
                }
            }
        }
        TargetEstimate t = out.addTarget();
        t.setPolar(angleRad, rangeM, bestVr, bestVt, rx.referenceXM(), rx.referenceYM());
        t.setQuality(best, Double.NaN, Double.NaN, true);
    }

    /** The location stage: the codeword with the most power summed over the symbols. */
    private void locate(float[] y) {
        double best = -1;
        int bestWord = 0;
        double[] words = codebook.phasors();
        for (int c = 0; c < codebook.size(); c++) {
            Arrays.fill(accRe, 0);
            Arrays.fill(accIm, 0);
            int wordBase = 2 * c * channels;
            for (int n = 0; n < channels; n++) {
                double ar = words[wordBase + 2 * n];
                double ai = -words[wordBase + 2 * n + 1];      // conj(a_n)
                int base = 2 * n * symbols;
                for (int m = 0; m < symbols; m++) {
                    double yr = y[base + 2 * m];
                    double yi = y[base + 2 * m + 1];
                    accRe[m] += ar * yr - ai * yi;
                    accIm[m] += ar * yi + ai * yr;
                }
            }
            double power = 0;
            for (int m = 0; m < symbols; m++) {
                power += accRe[m] * accRe[m] + accIm[m] * accIm[m];
            }
            if (power > best) {
                best = power;
                bestWord = c;
            }
        }
        angleRad = codebook.angleRad(bestWord);
        rangeM = codebook.rangeM(bestWord);
    }
}
