package org.nftb.methods.seqbeam;

import org.nftb.linalg.Cx;

import java.io.Serializable;
import java.util.Locale;

/**
 * What goes on the air for one stage of a design: per slot l the beamformer {@code f_l ∈ ℂ^{N_B}} (interleaved,
 * column-major N_B × L, in the units of eq. 15: {@code Σ_l ‖f_l‖² = P_B/M}, W per subcarrier), its power, and the
 * subcarriers it uses (all M, unit-modulus pilots, eq. 2).
 *
 * <p>{@link #realize} turns a covariance {@code R = B U Λ Uᴴ Bᴴ} of rank r ≤ L into slot beams with
 * {@code Σ_l f_l f_lᴴ = R} exactly and equal power {@code tr R / L} in every slot: {@code f_l = B U Λ^{1/2} d_l} with
 * d_l the columns of an r × L partial DFT scaled by 1/√L (rows orthonormal, so {@code D Dᴴ = I}). Eigenvalues below
 * 1e-7 of the largest (the solver's residue) are dropped and the rest rescaled to the trace. Immutable.
 *
 * @param beams       N_B × L interleaved, column l = f_l
 * @param elements    N_B
 * @param slots       L
 * @param subcarriers M
 */
public record SlotSchedule(double[] beams, int elements, int slots, int subcarriers) implements Serializable {

    /** Power of slot l over all subcarriers, W: {@code M ‖f_l‖²}. */
    public double slotPowerW(int l) {
        double s = 0;
        for (int i = 0; i < elements; i++) {
            int o = 2 * (l * elements + i);
            s += beams[o] * beams[o] + beams[o + 1] * beams[o + 1];
        }
        return subcarriers * s;
    }

    /** {@code M Σ_l ‖f_l‖²}, W (eq. 15 holds with equality when this is P_B). */
    public double totalPowerW() {
        double s = 0;
        for (int l = 0; l < slots; l++) {
            s += slotPowerW(l);
        }
        return s;
    }

    /** Element i's amplitude in slot l, √(W per subcarrier). */
    public double amplitude(int l, int i) {
        int o = 2 * (l * elements + i);
        return Math.hypot(beams[o], beams[o + 1]);
    }

    /** One line per slot for logs. */
    public String describe(int l) {
        return String.format(Locale.ROOT, "slot %d: %.3e W over %d subcarriers", l, slotPowerW(l), subcarriers);
    }

    /** See the class comment; {@code b} is the design basis (N_B × dim), q the dim × dim covariance. */
    public static SlotSchedule realize(SystemParams sys, double[] b, int dim, double[] q) {
        int n = sys.bsElements();
        int l = sys.slots();
        double[] values = new double[dim];
        double[] vectors = new double[2 * dim * dim];
        Cx.eigh(q, dim, values, vectors);
        // the solver's factor leaves components of ~1e-9 relative power in directions the optimum does not use;
        // keep the eigenvalues above 1e-7 of the largest (at most L) and rescale them to the whole trace, so that
        // eq. 15 still holds with equality
        int r = 0;
        double max = Math.max(values[0], 0);
        double trace = 0;
        for (double v : values) {
            trace += Math.max(v, 0);
        }
        double kept = 0;
        while (r < Math.min(dim, l) && values[r] > 1e-7 * max) {
            kept += values[r];
            r++;
        }
        for (int i = 0; i < r; i++) {
            values[i] *= trace / kept;
        }
        double[] beams = new double[2 * n * l];
        for (int s = 0; s < l; s++) {
            // c = U Λ^{1/2} d_s, d_s[i] = e^{j2π i s / L}/√L
            double[] c = new double[2 * dim];
            for (int i = 0; i < r; i++) {
                double amp = Math.sqrt(values[i] / l);
                double ph = 2 * Math.PI * i * s / l;
                double dr = amp * Math.cos(ph);
                double di = amp * Math.sin(ph);
                for (int a = 0; a < dim; a++) {
                    double ur = vectors[2 * (a * dim + i)];
                    double ui = vectors[2 * (a * dim + i) + 1];
                    c[2 * a] += ur * dr - ui * di;
                    c[2 * a + 1] += ur * di + ui * dr;
                }
            }
            for (int a = 0; a < dim; a++) {
                for (int e = 0; e < n; e++) {
                    double br = b[2 * (n * a + e)];
                    double bi = b[2 * (n * a + e) + 1];
                    beams[2 * (s * n + e)] += br * c[2 * a] - bi * c[2 * a + 1];
                    beams[2 * (s * n + e) + 1] += br * c[2 * a + 1] + bi * c[2 * a];
                }
            }
        }
        return new SlotSchedule(beams, n, l, sys.subcarriers());
    }
}
