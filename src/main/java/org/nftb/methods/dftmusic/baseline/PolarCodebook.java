package org.nftb.methods.dftmusic.baseline;

import org.nftb.model.ElementArray;

import java.io.Serializable;

/**
 * The oversampled polar codebook of seed 001's baseline: {@code angles × rings} (θ, r) codewords over the valid
 * region, angles uniform in sin θ over [θ_min, θ_max], and at each angle rings uniform in 1/r from the effective
 * beamfocusing distance {@code r_RD cos²θ/10} in to {@code minRangeM}. The paper's is 5000 points (100 × 50 here).
 * Each codeword's phasors {@code exp(−jk(|p − e_n| − r))} are computed once (N per codeword; 20 MB for 5000 × 256).
 * Immutable, thread-safe, serializable.
 */
public final class PolarCodebook implements Serializable {
    private static final long serialVersionUID = 1L;
    private final ElementArray rx;
    private final double wavelengthM;
    private final int angles;
    private final int rings;
    private final double[] angleRad;
    private final double[] rangeM;
    private final double[] phasors;

    public PolarCodebook(ElementArray rx, double wavelengthM, double minAngleRad, double maxAngleRad,
                         double minRangeM, int angles, int rings) {
        if (angles < 2 || rings < 2) {
            throw new IllegalArgumentException("need at least 2 angles and 2 rings, got " + angles + ", " + rings);
        }
        this.rx = rx;
        this.wavelengthM = wavelengthM;
        this.angles = angles;
        this.rings = rings;
        int size = angles * rings;
        int n = rx.count();
        this.angleRad = new double[size];
        this.rangeM = new double[size];
        this.phasors = new double[2 * n * size];
        double k = 2 * Math.PI / wavelengthM;
        double uLo = Math.sin(minAngleRad);
        double uHi = Math.sin(maxAngleRad);
        for (int i = 0; i < angles; i++) {
            double theta = Math.asin(uLo + (uHi - uLo) * i / (angles - 1));
            double far = 1 / rx.effectiveBeamfocusingDistanceM(wavelengthM, theta);
            double near = 1 / minRangeM;
            for (int j = 0; j < rings; j++) {
                int c = i * rings + j;
                double r = 1 / (far + (near - far) * j / (rings - 1));
                angleRad[c] = theta;
                rangeM[c] = r;
                double px = rx.referenceXM() + r * Math.sin(theta);
                double py = rx.referenceYM() + r * Math.cos(theta);
                for (int e = 0; e < n; e++) {
                    double phase = -k * (Math.hypot(px - rx.xM(e), py - rx.yM(e)) - r);
                    phasors[2 * (c * n + e)] = Math.cos(phase);
                    phasors[2 * (c * n + e) + 1] = Math.sin(phase);
                }
            }
        }
    }

    public int size() {
        return angles * rings;
    }

    public double angleRad(int codeword) {
        return angleRad[codeword];
    }

    public double rangeM(int codeword) {
        return rangeM[codeword];
    }

    public ElementArray rx() {
        return rx;
    }

    public double wavelengthM() {
        return wavelengthM;
    }

    /** Codeword phasors, {@code [2 (c N + n)]} re, {@code +1} im. Read-only. */
    double[] phasors() {
        return phasors;
    }
}
