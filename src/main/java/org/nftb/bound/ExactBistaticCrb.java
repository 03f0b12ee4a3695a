package org.nftb.bound;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nftb.model.BistaticModel;
import org.nftb.model.CpiTiming;
import org.nftb.model.ElementArray;
import org.nftb.model.TargetState;

/**
 * The Cramér-Rao bound of position and velocity for the data seed 000's eqs. (1)-(4) describe, on the exact
 * spherical model, with complex gains shared over blocks of elements. With one block per array
 * ({@link GainBlocks#single}) it is the bound of the data the simulator produces and eqs. (1)-(2) write down:
 * <b>one</b> complex gain for the whole array (the "single-gain exact CRB"). With blocks of M elements
 * ({@link GainBlocks#perSubarrayPair}) every transmit/receive subarray pair has its own gain, as in the paper's bound
 * (eqs. 51-62, {@link BistaticCrb}), but on the spherical model instead of the piecewise-far-field one.
 *
 * <p><b>Model.</b> Value (i, j, l) is {@code β_g g_ij exp(jΦ_ijl)} with g the group of (i, j),
 * {@code g_ij = r̄_t r̄_r / (|p − t_i| |p − r_j|)} the radar-equation amplitude of eq. (1) at the CPI centre (the
 * simulator's), {@code Φ_ijl = −(2π/λ) (P_i(t_l) + Q_j(t_l))} with the legs' path histories of {@link Motion} and
 * t_l from the CPI centre ({@link CpiTiming}); white noise of variance σ per value.
 *
 * <p><b>Fisher information.</b> For {@code μ = β a(θ)}, {@code a_n = g_n e^{jΦ_n}}, θ = (x, y, v_x, v_y), with
 * {@code α_n = ∂ ln g_n/∂θ} and {@code φ_n = ∂Φ_n/∂θ}: {@code F_θθ = (2|β|²/σ) Σ g_n² (α αᵀ + φ φᵀ)},
 * {@code F_θ,(Re β, Im β)} and {@code F_ββ = (2/σ) Σ g_n² I}; the gain's Schur complement, per group, is
 * <pre>  F = (2|β|²/σ) Σ_groups [ Σ g² (α αᵀ + φ φᵀ) − (A Aᵀ + P Pᵀ) / G ],  A = Σ g² α, P = Σ g² φ, G = Σ g²,</pre>
 * the g²-weighted covariance of the log-amplitude and phase gradients within each group (a common phase or scale
 * is the gain's). Both the amplitude and the phase separate into a transmit and a receive leg
 * ({@code g_ij = g_i g_j}, {@code φ_ijl = φ_il + φ_jl}), so every sum over the N_t N_r pairs of a group is a
 * product of per-leg sums: the cost is O(L (N_t + N_r)) per group, not O(N_t N_r L).
 *
 * <p>Independent checks ({@code ExactBistaticCrbTest}): against central differences of {@link
 * org.nftb.model.BistaticEcho} (the noiseless model the benchmarks use), and with per-pair gains against the paper's
 * bound where the piecewise-far-field model is exact to the test's tolerance (small subarrays).
 */
public final class ExactBistaticCrb {
    private ExactBistaticCrb() {
    }

    /** How a leg's path changes over the CPI. */
    public enum Motion {
        /**
         * Eq. (3): {@code P(t) = |p − e| + t u·v} (the path and its rate at the CPI centre), the model of
         * {@link org.nftb.model.BistaticEcho} and of the simulator's {@code motion: frozen}.
         * {@code ∂P/∂p = u + t (v − (u·v) u)/|p − e|}, {@code ∂P/∂v = t u}.
         */
        LINEARISED {
            @Override
            void pathGradient(double dx, double dy, double vx, double vy, double t, double[] out) {
                double r = Math.sqrt(dx * dx + dy * dy);
                double ux = dx / r;
                double uy = dy / r;
                double rate = ux * vx + uy * vy;
                out[0] = ux + t * (vx - rate * ux) / r;
                out[1] = uy + t * (vy - rate * uy) / r;
                out[2] = t * ux;
                out[3] = t * uy;
            }
        },
        /**
         * The target on its straight line, {@code P(t) = |p + v t − e|} (the simulator's {@code motion: linear}):
         * {@code ∂P/∂p = u(t)}, {@code ∂P/∂v = t u(t)} with u(t) the unit vector from e to {@code p + v t}.
         */
        STRAIGHT_LINE {
            @Override
            void pathGradient(double dx, double dy, double vx, double vy, double t, double[] out) {
                double qx = dx + vx * t;
                double qy = dy + vy * t;
                double r = Math.sqrt(qx * qx + qy * qy);
                out[0] = qx / r;
                out[1] = qy / r;
                out[2] = t * qx / r;
                out[3] = t * qy / r;
            }
        };

        /** ∂P/∂(x, y, v_x, v_y) at time t for the element-to-target offset (dx, dy) at the CPI centre. */
        abstract void pathGradient(double dx, double dy, double vx, double vy, double t, double[] out);
    }

    /**
     * Elements per gain along each array: a gain group is a block of {@code txElements} consecutive transmit
     * elements times a block of {@code rxElements} receive elements.
     */
    public record GainBlocks(int txElements, int rxElements) {
        public GainBlocks {
            if (txElements < 1 || rxElements < 1) {
                throw new IllegalArgumentException("gain blocks need >= 1 element, got " + txElements + " x "
                        + rxElements);
            }
        }

        /** One complex gain for the whole array (the data of eqs. 1-2 and of the simulator). */
        public static GainBlocks single(BistaticModel model) {
            return new GainBlocks(model.txArray().count(), model.rxArray().count());
        }

        /** One complex gain per M × M subarray pair (the paper's eq. 8 and its bound). */
        public static GainBlocks perSubarrayPair(int subarraySize) {
            return new GainBlocks(subarraySize, subarraySize);
        }
    }

    /**
     * The 4×4 CRB (row-major, order x, y, v_x, v_y; m² and (m/s)²).
     *
     * @param gainMagnitude |β|, the amplitude at the arrays' reference points (every group's)
     * @param sigma         noise variance per value
     * @throws IllegalArgumentException when the information is singular (a block size that does not divide its
     *                                  array, or a geometry that cannot resolve the state)
     */
    public static double[] bound(BistaticModel model, TargetState s, double gainMagnitude, double sigma, int pulses,
                                 double pulsePeriodS, GainBlocks blocks, Motion motion) {
        double[] f = fisher(model, s, gainMagnitude, sigma, pulses, pulsePeriodS, blocks, motion);
        DMatrixRMaj fm = DMatrixRMaj.wrap(4, 4, f);
        DMatrixRMaj inv = new DMatrixRMaj(4, 4);
        if (!CommonOps_DDRM.invert(fm, inv) || !(inv.get(0, 0) > 0 && inv.get(2, 2) > 0)) {
            throw new IllegalArgumentException("the Fisher information is singular at " + s + " with gain blocks "
                    + blocks);
        }
        return inv.data.clone();
    }

    /** The 4×4 Fisher information of θ = (x, y, v_x, v_y) with the gains eliminated (class comment). */
    public static double[] fisher(BistaticModel model, TargetState s, double gainMagnitude, double sigma, int pulses,
                                  double pulsePeriodS, GainBlocks blocks, Motion motion) {
        ElementArray tx = model.txArray();
        ElementArray rx = model.rxArray();
        if (tx.count() % blocks.txElements() != 0 || rx.count() % blocks.rxElements() != 0) {
            throw new IllegalArgumentException("gain blocks " + blocks + " must divide the arrays (" + tx.count()
                    + " transmit, " + rx.count() + " receive elements)");
        }
        double k = 2 * Math.PI / model.wavelengthM();
        Leg t = new Leg(tx, s, blocks.txElements(), k);
        Leg r = new Leg(rx, s, blocks.rxElements(), k);
        int groups = t.blocks * r.blocks;
        double[][] phi2 = new double[groups][16];   // Σ g² φ φᵀ per group
        double[][] phi1 = new double[groups][4];    // Σ g² φ per group
        double[] grad = new double[4];
        for (int l = 0; l < pulses; l++) {
            double time = CpiTiming.symbolTimeS(l, pulses, pulsePeriodS);
            t.moments(s, time, motion, grad);
            r.moments(s, time, motion, grad);
            for (int bt = 0; bt < t.blocks; bt++) {
                for (int br = 0; br < r.blocks; br++) {
                    accumulate(t, bt, r, br, phi2[bt * r.blocks + br], phi1[bt * r.blocks + br]);
                }
            }
        }
        double[] f = new double[16];
        for (int bt = 0; bt < t.blocks; bt++) {
            for (int br = 0; br < r.blocks; br++) {
                int g = bt * r.blocks + br;
                double w = t.weight[bt] * r.weight[br];     // Σ_ij g² over the group, one pulse
                double ww = w * pulses;                      // G
                for (int a = 0; a < 4; a++) {
                    // amplitude: Σ g² α αᵀ − A Aᵀ / G per pulse, the same at every pulse (g at the CPI centre)
                    double aa = r.weight[br] * t.amp1[4 * bt + a] + t.weight[bt] * r.amp1[4 * br + a];
                    for (int b = 0; b < 4; b++) {
                        double ab = r.weight[br] * t.amp1[4 * bt + b] + t.weight[bt] * r.amp1[4 * br + b];
                        double amp2 = r.weight[br] * t.amp2[16 * bt + 4 * a + b]
                                + t.weight[bt] * r.amp2[16 * br + 4 * a + b]
                                + t.amp1[4 * bt + a] * r.amp1[4 * br + b] + r.amp1[4 * br + a] * t.amp1[4 * bt + b];
                        double ampCov = pulses * (amp2 - aa * ab / w);
                        double phaseCov = phi2[g][4 * a + b] - phi1[g][a] * phi1[g][b] / ww;
                        f[4 * a + b] += 2 * gainMagnitude * gainMagnitude / sigma * (ampCov + phaseCov);
                    }
                }
            }
        }
        return f;
    }

    /** Adds one pulse's {@code Σ g² φ φᵀ} and {@code Σ g² φ} over group (bt, br) from the legs' block moments. */
    private static void accumulate(Leg t, int bt, Leg r, int br, double[] phi2, double[] phi1) {
        double wt = t.weight[bt];
        double wr = r.weight[br];
        for (int a = 0; a < 4; a++) {
            double ta = t.ph1[4 * bt + a];
            double ra = r.ph1[4 * br + a];
            phi1[a] += wr * ta + wt * ra;
            for (int b = 0; b < 4; b++) {
                phi2[4 * a + b] += wr * t.ph2[16 * bt + 4 * a + b] + wt * r.ph2[16 * br + 4 * a + b]
                        + ta * r.ph1[4 * br + b] + ra * t.ph1[4 * bt + b];
            }
        }
    }

    /**
     * One array's per-block moments: weights {@code Σ g_e²}, amplitude moments {@code Σ g² α}, {@code Σ g² α αᵀ}
     * (α = ∂ ln(1/|p − e|)/∂θ = −u/|p − e| in position, 0 in velocity) and, per pulse, phase moments
     * {@code Σ g² φ}, {@code Σ g² φ φᵀ} with {@code φ = −k ∂P/∂θ}.
     */
    private static final class Leg {
        final ElementArray array;
        final int blockSize;
        final int blocks;
        final double k;
        final double[] g2;
        final double[] weight;
        final double[] amp1;
        final double[] amp2;
        final double[] ph1;
        final double[] ph2;

        Leg(ElementArray array, TargetState s, int blockSize, double k) {
            this.array = array;
            this.blockSize = blockSize;
            this.blocks = array.count() / blockSize;
            this.k = k;
            this.g2 = new double[array.count()];
            this.weight = new double[blocks];
            this.amp1 = new double[4 * blocks];
            this.amp2 = new double[16 * blocks];
            this.ph1 = new double[4 * blocks];
            this.ph2 = new double[16 * blocks];
            double ref = Math.hypot(s.xM() - array.referenceXM(), s.yM() - array.referenceYM());
            double[] alpha = new double[4];
            for (int e = 0; e < array.count(); e++) {
                double dx = s.xM() - array.xM(e);
                double dy = s.yM() - array.yM(e);
                double d = Math.hypot(dx, dy);
                g2[e] = ref * ref / (d * d);
                alpha[0] = -dx / (d * d);
                alpha[1] = -dy / (d * d);
                int b = e / blockSize;
                weight[b] += g2[e];
                for (int a = 0; a < 4; a++) {
                    amp1[4 * b + a] += g2[e] * alpha[a];
                    for (int c = 0; c < 4; c++) {
                        amp2[16 * b + 4 * a + c] += g2[e] * alpha[a] * alpha[c];
                    }
                }
            }
        }

        /** Recomputes {@link #ph1}, {@link #ph2} for the pulse at {@code time}. */
        void moments(TargetState s, double time, Motion motion, double[] grad) {
            java.util.Arrays.fill(ph1, 0);
            java.util.Arrays.fill(ph2, 0);
            for (int e = 0; e < array.count(); e++) {
                motion.pathGradient(s.xM() - array.xM(e), s.yM() - array.yM(e), s.vxMps(), s.vyMps(), time, grad);
                int b = e / blockSize;
                for (int a = 0; a < 4; a++) {
                    double pa = -k * grad[a];
                    ph1[4 * b + a] += g2[e] * pa;
                    for (int c = 0; c < 4; c++) {
                        ph2[16 * b + 4 * a + c] += g2[e] * pa * -k * grad[c];
                    }
                }
            }
        }
    }

    /** {@code sqrt(CRB_xx + CRB_yy)}, metres. */
    public static double positionRmseBound(double[] crb) {
        return Math.sqrt(crb[0] + crb[5]);
    }

    /** {@code sqrt(CRB_vxvx + CRB_vyvy)}, m/s. */
    public static double velocityRmseBound(double[] crb) {
        return Math.sqrt(crb[10] + crb[15]);
    }
}
