package org.nftb.methods.vmp;

/**
 * Von Mises helpers for seed 000's Lemma 1 (eq. 23) and the messages (eqs. 30-36): the mean resultant length
 * {@code A(κ) = I₁(κ)/I₀(κ)}, its inverse, the wrap to [−π, π), and the maximiser of a line spectrum. Kernels: no
 * allocation.
 */
public final class VonMises {
    private VonMises() {
    }

    /** {@code A(κ) = I₁(κ)/I₀(κ)} (series below 15, the asymptotic expansion above; relative error < 1e-9). */
    public static double a(double kappa) {
        if (kappa <= 0) {
            return 0;
        }
        if (kappa < 15) {
            double i0 = 0;
            double i1 = 0;
            double term = 1;   // (κ/2)^{2k} / (k!)²
            double h = kappa / 2;
            for (int k = 0; k < 80; k++) {
                if (k > 0) {
                    term *= h * h / ((double) k * k);
                }
                i0 += term;
                i1 += term * h / (k + 1);
                if (term < 1e-18 * i0) {
                    break;
                }
            }
            return i1 / i0;
        }
        double x = 1 / (8 * kappa);
        // I_ν(κ) ~ e^κ/√(2πκ) (1 − (4ν²−1)/(8κ) + (4ν²−1)(4ν²−9)/(2!(8κ)²) − …)
        double i0 = 1 + x + 9 * x * x / 2 + 225 * x * x * x / 6;
        double i1 = 1 - 3 * x - 15 * x * x / 2 - 315 * x * x * x / 6;
        return i1 / i0;
    }

    /**
     * {@code A⁻¹(r)}: the concentration whose mean resultant length is r (Best and Fisher's approximation, refined
     * by two Newton steps on {@link #a}; {@code A'(κ) = 1 − A/κ − A²}).
     */
    public static double aInverse(double r) {
        if (r <= 0) {
            return 0;
        }
        if (r >= 1) {
            return Double.MAX_VALUE;
        }
        double k = r < 0.53 ? 2 * r + r * r * r + 5 * Math.pow(r, 5) / 6
                : r < 0.85 ? -0.4 + 1.39 * r + 0.43 / (1 - r) : 1 / (r * r * r - 4 * r * r + 3 * r);
        for (int i = 0; i < 2; i++) {
            double ak = a(k);
            double d = 1 - ak / k - ak * ak;
            if (!(d > 0)) {
                break;
            }
            k = Math.max(1e-12, k - (ak - r) / d);
        }
        return k;
    }

    /** Lemma 1's concentration (eq. 23b) from the curvature {@code c = −g''(x̂) > 0}: {@code A⁻¹(exp(−1/(2c)))}. */
    public static double kappaFromCurvature(double curvature) {
        if (!(curvature > 0)) {
            return 0;
        }
        if (curvature > 1e7) {
            return curvature;   // A⁻¹(e^{−1/(2c)}) = c + O(1) here, and r rounds to 1
        }
        return aInverse(Math.exp(-1 / (2 * curvature)));
    }

    /** x wrapped to [−π, π). */
    public static double wrap(double x) {
        double y = x - 2 * Math.PI * Math.floor((x + Math.PI) / (2 * Math.PI));
        return y >= Math.PI ? y - 2 * Math.PI : y;
    }

    /**
     * Maximises {@code F(x) = |S(x)|²}, {@code S(x) = Σ_{k<K} h_k e^{j s k x}} (s = ±1; h interleaved re/im) by Newton
     * steps from {@code x0} (a gradient step where F is not concave, steps bounded by π/K). Returns x̂ in [−π, π)
     * and writes {@code out[0] = |S(x̂)|}, {@code out[1] = −d²|S|/dx²} at x̂ (the curvature of the profile over
     * the common phase, {@code Σ (k − k̄)² w_k}; see {@link SubarrayVbi}), {@code out[2] = arg S(x̂)}.
     */
    public static double maximiseLine(double[] h, int count, int sign, double x0, double[] out) {
        double x = x0;
        double maxStep = Math.PI / Math.max(1, count);
        for (int it = 0; it < 60; it++) {
            lineSums(h, count, sign, x, out);
            double fp = out[3];
            double fpp = out[4];
            double step = fpp < 0 ? -fp / fpp : Math.copySign(maxStep / 4, fp);
            if (Math.abs(step) > maxStep) {
                step = Math.copySign(maxStep, step);
            }
            x += step;
            if (Math.abs(step) < 1e-13) {
                break;
            }
        }
        x = wrap(x);
        lineSums(h, count, sign, x, out);
        return x;
    }

    /** S, F', F'' at x: out[0] = |S|, out[1] = −|S|'' , out[2] = arg S, out[3] = F', out[4] = F''. */
    private static void lineSums(double[] h, int count, int sign, double x, double[] out) {
        double sr = 0;
        double si = 0;
        double d1r = 0;
        double d1i = 0;
        double d2r = 0;
        double d2i = 0;
        double cr = Math.cos(x);
        double ci = sign * Math.sin(x);
        double er = 1;
        double ei = 0;
        for (int k = 0; k < count; k++) {
            double hr = h[2 * k];
            double hi = h[2 * k + 1];
            double tr = hr * er - hi * ei;
            double ti = hr * ei + hi * er;
            sr += tr;
            si += ti;
            // d/dx of e^{jskx} = j s k e^{jskx}
            d1r += -sign * k * ti;
            d1i += sign * k * tr;
            d2r += -(double) k * k * tr;
            d2i += -(double) k * k * ti;
            double nr = er * cr - ei * ci;
            ei = er * ci + ei * cr;
            er = nr;
        }
        double mag = Math.hypot(sr, si);
        double fp = 2 * (sr * d1r + si * d1i);
        double fpp = 2 * (d1r * d1r + d1i * d1i + sr * d2r + si * d2i);
        out[0] = mag;
        // |S|'' = F''/(2|S|) − F'²/(4|S|³)
        out[1] = mag > 0 ? -(fpp / (2 * mag) - fp * fp / (4 * mag * mag * mag)) : 0;
        out[2] = Math.atan2(si, sr);
        out[3] = fp;
        out[4] = fpp;
    }
}
