package org.nftb.methods.seqbeam;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.Locale;

/**
 * Position and velocity error bounds from an equivalent FIM over {@code η_p = [p_U, v_U, p₁ … p_K]} (seed 002
 * eqs. 10, 14 and §IV): UE PEB {@code √tr C_pU}, UE VEB {@code √tr C_vU}, the PTs' PEB as the RMS over the PTs
 * {@code √(Σ_k tr C_pk / K)}. Where the FIM is singular only along the UE's tangential velocity (one MS snapshot:
 * the Doppler of the UE's echo sees the radial component alone, §IV-B) the VEB is reported as unobservable — never a
 * number — together with the radial VEB; any other singularity makes every bound unobservable.
 *
 * @param uePebM          UE PEB, m (NaN when unobservable)
 * @param ueVebMps        UE VEB, m/s (NaN when unobservable)
 * @param ueRadialVebMps  bound on the UE's radial velocity along its line of sight from the BS, m/s
 * @param ptPebM          RMS PEB of the PTs, m
 * @param velocityObservable false when the FIM's only null direction is the tangential velocity
 * @param rankDeficit     number of (numerically) zero eigenvalues of the unit-diagonal FIM
 */
public record Bounds(double uePebM, double ueVebMps, double ueRadialVebMps, double ptPebM,
                     boolean velocityObservable, int rankDeficit) {

    /** Relative eigenvalue below which a direction counts as unobservable (FIM scaled to unit diagonal). */
    public static final double NULL_EIGENVALUE = 1e-10;

    /** Whether the UE's position is bounded. */
    public boolean positionObservable() {
        return Double.isFinite(uePebM);
    }

    /** The bounds of {@code efim} (size 4 + 2K) with the UE at {@code ue} (for the radial direction). */
    public static Bounds of(double[] efim, int pts, double[] ue) {
        int n = 4 + 2 * pts;
        int deficit = rankDeficit(efim, n);
        double r = Math.hypot(ue[0], ue[1]);
        double ux = ue[0] / r;
        double uy = ue[1] / r;
        // rotate v into (v_r, v_t): T maps (.., v_r, v_t, ..) to (.., v_x, v_y, ..); F' = Tᵀ F T
        double[] t = new double[n * n];
        for (int i = 0; i < n; i++) {
            t[i * n + i] = 1;
        }
        t[2 * n + 2] = ux;
        t[2 * n + 3] = -uy;
        t[3 * n + 2] = uy;
        t[3 * n + 3] = ux;
        double[] rot = Dense.congruence(efim, n, t, n);
        double[] inv = Dense.inverse(rot, n);
        if (inv != null && deficit == 0) {
            return new Bounds(Math.sqrt(inv[0] + inv[n + 1]), Math.sqrt(inv[2 * n + 2] + inv[3 * n + 3]),
                    Math.sqrt(inv[2 * n + 2]), ptPeb(inv, n, pts, 0), true, 0);
        }
        // drop v_t and try again
        int[] keep = new int[n - 1];
        for (int i = 0, j = 0; i < n; i++) {
            if (i != 3) {
                keep[j++] = i;
            }
        }
        double[] sub = new double[(n - 1) * (n - 1)];
        for (int i = 0; i < n - 1; i++) {
            for (int j = 0; j < n - 1; j++) {
                sub[i * (n - 1) + j] = rot[keep[i] * n + keep[j]];
            }
        }
        double[] subInv = deficit <= 1 ? Dense.inverse(sub, n - 1) : null;
        if (subInv == null || rankDeficit(sub, n - 1) > 0) {
            return new Bounds(Double.NaN, Double.NaN, Double.NaN, Double.NaN, false, deficit);
        }
        int m = n - 1;
        return new Bounds(Math.sqrt(subInv[0] + subInv[m + 1]), Double.NaN, Math.sqrt(subInv[2 * m + 2]),
                ptPeb(subInv, m, pts, -1), false, deficit);
    }

    private static double ptPeb(double[] inv, int n, int pts, int shift) {
        double s = 0;
        for (int k = 0; k < pts; k++) {
            int i = 4 + shift + 2 * k;
            s += inv[i * n + i] + inv[(i + 1) * n + i + 1];
        }
        return Math.sqrt(s / pts);
    }

    /** Eigenvalues of the unit-diagonal version of the symmetric PSD {@code a} below {@link #NULL_EIGENVALUE}·max. */
    public static int rankDeficit(double[] a, int n) {
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = Math.sqrt(Math.abs(a[i * n + i] * a[j * n + j]));
                m.set(i, j, s > 0 ? a[i * n + j] / s : (i == j ? 0 : 0));
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(m)) {
            throw new IllegalStateException("eigendecomposition of a FIM failed");
        }
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, eig.getEigenvalue(i).real);
        }
        int zero = 0;
        for (int i = 0; i < n; i++) {
            if (eig.getEigenvalue(i).real < NULL_EIGENVALUE * max) {
                zero++;
            }
        }
        return zero;
    }

    /** One line for tables: values with units, "unobservable" where a bound does not exist. */
    public String describe() {
        return String.format(Locale.ROOT, "UE PEB %s, UE VEB %s (radial %s), PT PEB %s",
                fmt(uePebM, "m"), velocityObservable ? fmt(ueVebMps, "m/s") : "unobservable (tangential)",
                fmt(ueRadialVebMps, "m/s"), fmt(ptPebM, "m"));
    }

    private static String fmt(double v, String unit) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g %s", v, unit) : "unobservable";
    }
}
