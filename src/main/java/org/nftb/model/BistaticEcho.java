package org.nftb.model;

/**
 * The noiseless matched-filter outputs of seed 000 eq. (2) for one point target, exactly:
 * {@code Y_ij^(l) = β_ij exp(−j 2π/λ (L_ij + t_l L̇_ij))} with the paths of {@link BistaticModel}, t_l from
 * {@link CpiTiming} (the state is the state at the CPI centre) and the radar-equation gain of eq. (1)
 * {@code β_ij = β r̄_t r̄_r / (|p − t_i| |p − r_j|)} (r̄: distances to the arrays' reference points, so β is the gain
 * there) — the same values the simulated array's samples carry after the MIMO matched filter. Uses the separable
 * phase: per (i, j) one start phasor and one step, then a recurrence over the L pulses (rounding ~L·1e-16).
 * Writes {@code out} in {@link org.nftb.frontend.SnapshotShape} order (transmit-major, pulse fastest). Allocates
 * its two leg buffers per call (a test and benchmark helper, not a kernel).
 */
public final class BistaticEcho {
    private BistaticEcho() {
    }

    /**
     * @param gainRe  Re β (the gain at the reference points)
     * @param gainIm  Im β
     * @param out     overwritten, length ≥ 2 N_t N_r L
     */
    public static void fill(BistaticModel model, TargetState s, double gainRe, double gainIm, int pulses,
                            double pulsePeriodS, float[] out) {
        ElementArray tx = model.txArray();
        ElementArray rx = model.rxArray();
        int nt = tx.count();
        int nr = rx.count();
        double[] tp = new double[nt];
        double[] tr = new double[nt];
        double[] rp = new double[nr];
        double[] rr = new double[nr];
        model.transmitLeg(s.xM(), s.yM(), s.vxMps(), s.vyMps(), tp, tr);
        model.receiveLeg(s.xM(), s.yM(), s.vxMps(), s.vyMps(), rp, rr);
        double refT = Math.hypot(s.xM() - tx.referenceXM(), s.yM() - tx.referenceYM());
        double refR = Math.hypot(s.xM() - rx.referenceXM(), s.yM() - rx.referenceYM());
        double k = 2 * Math.PI / model.wavelengthM();
        double t0 = CpiTiming.symbolTimeS(0, pulses, pulsePeriodS);
        for (int i = 0; i < nt; i++) {
            for (int j = 0; j < nr; j++) {
                double g = refT * refR / (tp[i] * rp[j]);
                double rate = tr[i] + rr[j];
                double ph = -k * (tp[i] + rp[j] + t0 * rate);
                double c = Math.cos(ph);
                double sn = Math.sin(ph);
                double pr = g * (gainRe * c - gainIm * sn);
                double pi = g * (gainRe * sn + gainIm * c);
                double step = -k * rate * pulsePeriodS;
                double sr = Math.cos(step);
                double si = Math.sin(step);
                int o = 2 * (i * nr + j) * pulses;
                for (int l = 0; l < pulses; l++) {
                    out[o + 2 * l] = (float) pr;
                    out[o + 2 * l + 1] = (float) pi;
                    double nr2 = pr * sr - pi * si;
                    pi = pr * si + pi * sr;
                    pr = nr2;
                }
            }
        }
    }
}
