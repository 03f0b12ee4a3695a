package org.nftb.methods.dftmusic;

/** Solves a symmetric positive definite 4×4 system in place (Cholesky), allocating nothing. */
final class Cholesky4 {
    private Cholesky4() {
    }

    /**
     * Solves {@code A x = b} for symmetric positive definite A (row-major, 16 values, not modified); b is replaced
     * by x. Returns false, leaving b unspecified, when A is not positive definite.
     */
    static boolean solve(double[] a, double[] b) {
        double l00 = a[0];
        if (!(l00 > 0)) {
            return false;
        }
        l00 = Math.sqrt(l00);
        double l10 = a[4] / l00;
        double l20 = a[8] / l00;
        double l30 = a[12] / l00;
        double d1 = a[5] - l10 * l10;
        if (!(d1 > 0)) {
            return false;
        }
        double l11 = Math.sqrt(d1);
        double l21 = (a[9] - l20 * l10) / l11;
        double l31 = (a[13] - l30 * l10) / l11;
        double d2 = a[10] - l20 * l20 - l21 * l21;
        if (!(d2 > 0)) {
            return false;
        }
        double l22 = Math.sqrt(d2);
        double l32 = (a[14] - l30 * l20 - l31 * l21) / l22;
        double d3 = a[15] - l30 * l30 - l31 * l31 - l32 * l32;
        if (!(d3 > 0)) {
            return false;
        }
        double l33 = Math.sqrt(d3);
        // L z = b
        double z0 = b[0] / l00;
        double z1 = (b[1] - l10 * z0) / l11;
        double z2 = (b[2] - l20 * z0 - l21 * z1) / l22;
        double z3 = (b[3] - l30 * z0 - l31 * z1 - l32 * z2) / l33;
        // Lᵀ x = z
        double x3 = z3 / l33;
        double x2 = (z2 - l32 * x3) / l22;
        double x1 = (z1 - l21 * x2 - l31 * x3) / l11;
        double x0 = (z0 - l10 * x1 - l20 * x2 - l30 * x3) / l00;
        b[0] = x0;
        b[1] = x1;
        b[2] = x2;
        b[3] = x3;
        return true;
    }
}
