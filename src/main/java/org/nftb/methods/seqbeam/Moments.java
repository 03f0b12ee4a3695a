package org.nftb.methods.seqbeam;

import java.util.Arrays;

/**
 * Weighted geometric sums {@code S_A(x) = Σ_{m=m₀}^{m₀+n−1} m^A e^{−jxm}}, A = 0, 1, 2: the subcarrier sums
 * {@code Σ_m m^A e^{−j2πmΔfΔτ}} and (with x = −2πΔν·spacing) the slot-time sums of the Slepian–Bangs FIM (seed 002
 * eq. 9) between two paths. Closed form through the Dirichlet kernel: {@code S₀ = e^{−jcx} D(x)},
 * {@code D = sin(nx/2)/sin(x/2)}, c = m₀ + (n−1)/2, and {@code S₁ = j S₀'}, {@code S₂ = −S₀''} (since
 * {@code m e^{−jxm} = j d/dx e^{−jxm}}); where {@code n|x| < 1} after reduction to (−π, π] the kernel's derivatives
 * lose digits to cancellation and the sum is taken term by term. Stateless, allocation-free.
 */
final class Moments {
    private Moments() {
    }

    /** Writes S₀, S₁, S₂ into {@code out[0..5]} (re, im pairs). */
    static void of(double x, long m0, int n, double[] out) {
        if (n <= 0) {
            Arrays.fill(out, 0, 6, 0);
            return;
        }
        double xr = Math.IEEEremainder(x, 2 * Math.PI);
        if (Math.abs(xr) * n < 1 || n <= 8) {
            direct(xr, m0, n, out);
            return;
        }
        double h = xr / 2;
        double sh = Math.sin(h);
        double ch = Math.cos(h);
        double snh = Math.sin(n * h);
        double cnh = Math.cos(n * h);
        double d = snh / sh;
        double num = n * cnh * sh - snh * ch;
        double dh = num / (sh * sh);
        double dhh = (-n * n * snh * sh + snh * sh) / (sh * sh) - 2 * ch * num / (sh * sh * sh);
        double d1 = dh / 2;
        double d2 = dhh / 4;
        // the phase uses the unreduced centre times the reduced x: e^{-jcx} is 2π-periodic in x only with integer c
        // once combined with the kernel, so keep c·xr (c may be half-integer) consistent with D(xr)
        double c = m0 + (n - 1) / 2.0;
        double ph = -c * xr;
        double er = Math.cos(ph);
        double ei = Math.sin(ph);
        // S0 = e (D)
        out[0] = er * d;
        out[1] = ei * d;
        // g' = e (D' - j c D); S1 = j g' = e (c D + j D')
        out[2] = er * (c * d) - ei * d1;
        out[3] = ei * (c * d) + er * d1;
        // g'' = e (D'' - 2 j c D' - c² D); S2 = -g'' = e (c² D - D'' + 2 j c D')
        double a = c * c * d - d2;
        double b = 2 * c * d1;
        out[4] = er * a - ei * b;
        out[5] = ei * a + er * b;
    }

    private static void direct(double x, long m0, int n, double[] out) {
        double s0r = 0, s0i = 0, s1r = 0, s1i = 0, s2r = 0, s2i = 0;
        for (int i = 0; i < n; i++) {
            double m = m0 + i;
            double re = Math.cos(x * m);
            double im = -Math.sin(x * m);
            s0r += re;
            s0i += im;
            s1r += m * re;
            s1i += m * im;
            s2r += m * m * re;
            s2i += m * m * im;
        }
        out[0] = s0r;
        out[1] = s0i;
        out[2] = s1r;
        out[3] = s1i;
        out[4] = s2r;
        out[5] = s2i;
    }
}
