package org.nftb.methods.vmp.baseline;

import org.nftb.model.SubarrayLayout;

import java.util.Arrays;

/**
 * Seed 000's second baseline (§V, "Grid-based Method"): the location by a grid search, then the velocity by 2-D
 * MUSIC at that location.
 *
 * <p>Choices where the paper is silent (stated here and in the benchmark): the location maximises
 * {@link PairLikelihood#locationMetric G(p)} (the pulses' spatial match summed in power, which needs no velocity)
 * over a square grid of step Δp centred where the caller says (the benchmark: near the truth, offset at random
 * within a cell, so the grid's discretization error is a fair draw). Velocity: each pair's spatially matched pulse
 * sequence at the location is smoothed over windows of Q pulses into a Q × Q covariance whose principal
 * eigenvector (power iteration) spans the signal subspace (one target); the MUSIC pseudo-spectrum
 * {@code 1 / Σ_mn ‖P_noise d_mn(v)‖² = 1 / Σ_mn (Q − |e_mnᴴ d_mn(v)|²)}, with
 * {@code d_mn(v)_q = e^{−j2π f_mn(v) q T}} and f_mn the bistatic Doppler at the location, is maximised over a
 * (v_x, v_y) grid of step Δv. The errors therefore floor at the grid steps (about Δ/√6 per coordinate).
 *
 * <p>Kernel: allocates nothing per CPI; not thread-safe.
 */
public final class GridMusic {
    private final PairLikelihood likelihood;
    private final SubarrayLayout layout;
    private final double wavelengthM;
    private final double periodS;
    private final int window;
    private final int pulses;
    private final double[] h;
    private final double[] eig;
    private final double[] cov;
    private final double[] tmp;
    private final double[] u = new double[2];
    private final double[][] dirs;
    private double px;
    private double py;
    private double vx;
    private double vy;

    /** @param window Q, pulses per MUSIC smoothing window (2 ≤ Q ≤ L) */
    public GridMusic(PairLikelihood likelihood, SubarrayLayout layout, double wavelengthM, double periodS,
                     int pulses, int window) {
        if (window < 2 || window > pulses) {
            throw new IllegalArgumentException("grid baseline: MUSIC window " + window + " must be in [2, " + pulses
                    + "]");
        }
        this.likelihood = likelihood;
        this.layout = layout;
        this.wavelengthM = wavelengthM;
        this.periodS = periodS;
        this.window = window;
        this.pulses = pulses;
        this.h = new double[2 * pulses];
        this.eig = new double[2 * window * layout.pairs()];
        this.cov = new double[2 * window * window];
        this.tmp = new double[2 * window];
        this.dirs = new double[layout.pairs()][2];
    }

    /**
     * Grid search over {@code centre ± halfWidth} (x, y, v_x, v_y) with steps {@code stepM} and {@code stepMps}.
     */
    public void run(float[] data, double[] centre, double[] halfWidth, double stepM, double stepMps) {
        int nx = Math.max(1, (int) Math.round(2 * halfWidth[0] / stepM));
        int ny = Math.max(1, (int) Math.round(2 * halfWidth[1] / stepM));
        double best = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < nx; a++) {
            for (int b = 0; b < ny; b++) {
                double x = centre[0] - halfWidth[0] + (a + 0.5) * stepM;
                double y = centre[1] - halfWidth[1] + (b + 0.5) * stepM;
                double v = likelihood.locationMetric(data, x, y);
                if (v > best) {
                    best = v;
                    px = x;
                    py = y;
                }
            }
        }
        int pairs = layout.pairs();
        for (int k = 0; k < pairs; k++) {
            likelihood.matchedPulses(data, k, px, py, h);
            principalVector(k);
            layout.dopplerDirection(k / layout.rxSubarrays(), k % layout.rxSubarrays(), px, py, u);
            dirs[k][0] = u[0];
            dirs[k][1] = u[1];
        }
        int mx = Math.max(1, (int) Math.round(2 * halfWidth[2] / stepMps));
        int my = Math.max(1, (int) Math.round(2 * halfWidth[3] / stepMps));
        best = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < mx; a++) {
            for (int b = 0; b < my; b++) {
                double wx = centre[2] - halfWidth[2] + (a + 0.5) * stepMps;
                double wy = centre[3] - halfWidth[3] + (b + 0.5) * stepMps;
                double s = 0;
                for (int k = 0; k < pairs; k++) {
                    double f = (dirs[k][0] * wx + dirs[k][1] * wy) / wavelengthM;
                    s += signalPower(k, f);
                }
                if (s > best) {
                    best = s;
                    vx = wx;
                    vy = wy;
                }
            }
        }
    }

    /** |e_kᴴ d(f)|² with d_q = e^{−j2π f q T} (by recurrence). */
    private double signalPower(int k, double f) {
        double sr = Math.cos(2 * Math.PI * f * periodS);
        double si = -Math.sin(2 * Math.PI * f * periodS);
        double dr = 1;
        double di = 0;
        double ar = 0;
        double ai = 0;
        int o = 2 * window * k;
        for (int q = 0; q < window; q++) {
            double er = eig[o + 2 * q];
            double ei = eig[o + 2 * q + 1];
            ar += er * dr + ei * di;     // conj(e) d
            ai += er * di - ei * dr;
            double nr = dr * sr - di * si;
            di = dr * si + di * sr;
            dr = nr;
        }
        return ar * ar + ai * ai;
    }

    /** Smoothed Q × Q covariance of {@link #h} and its principal eigenvector (unit norm) into eig (pair k). */
    private void principalVector(int k) {
        Arrays.fill(cov, 0);
        int q = window;
        for (int s = 0; s + q <= pulses; s++) {
            for (int i = 0; i < q; i++) {
                double xr = h[2 * (s + i)];
                double xi = h[2 * (s + i) + 1];
                for (int j = 0; j < q; j++) {
                    double yr = h[2 * (s + j)];
                    double yi = h[2 * (s + j) + 1];
                    cov[2 * (i * q + j)] += xr * yr + xi * yi;     // x conj(y)
                    cov[2 * (i * q + j) + 1] += xi * yr - xr * yi;
                }
            }
        }
        int o = 2 * q * k;
        for (int i = 0; i < q; i++) {
            eig[o + 2 * i] = 1;
            eig[o + 2 * i + 1] = 0;
        }
        for (int it = 0; it < 60; it++) {
            double norm = 0;
            for (int i = 0; i < q; i++) {
                double ar = 0;
                double ai = 0;
                for (int j = 0; j < q; j++) {
                    double cr = cov[2 * (i * q + j)];
                    double ci = cov[2 * (i * q + j) + 1];
                    ar += cr * eig[o + 2 * j] - ci * eig[o + 2 * j + 1];
                    ai += cr * eig[o + 2 * j + 1] + ci * eig[o + 2 * j];
                }
                tmp[2 * i] = ar;
                tmp[2 * i + 1] = ai;
                norm += ar * ar + ai * ai;
            }
            double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            for (int i = 0; i < 2 * q; i++) {
                eig[o + i] = tmp[i] * inv;
            }
        }
    }

    public double xM() { return px; }
    public double yM() { return py; }
    public double vxMps() { return vx; }
    public double vyMps() { return vy; }
}
