// Over 400 lines: options A and B for position and velocity share the combined messages, the geometry buffers and
// the outputs; splitting them would duplicate that state.
package org.nftb.methods.vmp;

import org.nftb.model.SubarrayLayout;

import java.util.Arrays;

/**
 * Stage 2 of seed 000's Algorithm 2: fuses the per-pair posteriors of Algorithm 1 into the target's position and
 * velocity with their covariances, by system-level (option A) or subarray-level (option B) fusion.
 *
 * <p>Inputs per pair k = m K_r + n: the DoD and DoA posteriors (ψ_t, κ_t), (ψ_r, κ_r) and the Doppler f_k (Hz)
 * with the concentration κ_x of its normalized form {@code x = 2π T' f}. With non-informative priors the messages
 * of eqs. (32)-(36) are the posteriors themselves ({@code κ_{p→x} → 0}).
 *
 * <p><b>Option A.</b> Position: the product over n of the pair posteriors of θ_m is one von Mises message per
 * transmit subarray (eqs. 30-33; likewise per receive subarray), and the position maximises
 * {@code f_p(p) = Σ_m κ_m cos(ψ_m(p) − μ_m) + Σ_n κ_n cos(ψ_n(p) − μ_n)}. Choice: eq. (74) sums these messages over
 * both m and n, counting each K_r (or K_t) times; that leaves the maximiser unchanged but shrinks the covariance
 * of eq. (79) by those factors, so each message is counted once here. Velocity maximises eq. (83),
 * {@code f_v(v) = Σ_k κ_x,k cos(2πT'((u_k·v)/λ − f_k))} with u_k the sum of the unit vectors from the pair's
 * subarrays to the target (the sign of eq. 7; eqs. 14c and 45 use the opposite vectors, see
 * {@link org.nftb.model.BistaticModel}). Both are solved by Gauss-Newton (the paper uses gradient steps; the
 * maximiser is the same), from the subarray-level answer for the position and from the weighted least-squares
 * solution of {@code u_k·v = λ f_k} for the velocity, with step halving: a step must not lower the objective (at
 * low SNR, far from the peak, the full step overshot, to 10¹⁶ m in {@code FusionStepTest}'s case). Covariance: the inverse of the
 * negative Hessian at the maximum (eqs. 79, 85), with the terms in {@code sin(residual) ∇²ψ} dropped (they
 * vanish at a noiseless maximum and average to zero; keeping them can make the matrix indefinite).
 *
 * <p><b>Option B.</b> Each pair's position is the maximiser of eq. (41): the intersection of its two bearing
 * lines (Appendix E reaches it through a bistatic delay; with both bearings known the intersection is that
 * maximum exactly and needs no delay estimate), covariance the inverse negative Hessian there (eq. 80; at the
 * maximum the sine terms of eq. 81 vanish). Velocity: configurations ω = {(m,n), (K_t−1−m, K_r−1−n)}, the most
 * widely separated partner, each pair used once (eq. 48 chooses "a subset"; reusing a pair in several
 * configurations would count its data twice in eq. 50); mean from {@code E_ωᵀ v = λ f_ω}, covariance eq. (88)
 * (as a positive definite matrix: (88) has a stray minus sign). Products of Gaussians: eqs. (43), (50).
 *
 * <p>Allocates nothing after construction; not thread-safe.
 */
public final class Fusion {
    private final SubarrayLayout layout;
    private final double wavelengthM;
    private final double[] g = new double[2];
    private final double[] d1 = new double[2];
    private final double[] d2 = new double[2];
    private final double[] u = new double[2];
    private final double[] w = new double[2];
    private final double[] muT;
    private final double[] kT;
    private final double[] muR;
    private final double[] kR;

    // outputs
    double px;
    double py;
    final double[] covP = new double[3];   // xx, xy, yy
    double vx;
    double vy;
    final double[] covV = new double[3];
    double fitP;
    double fitPExpected;
    double fitV;
    double fitVExpected;
    boolean ok;

    public Fusion(SubarrayLayout layout, double wavelengthM) {
        this.layout = layout;
        this.wavelengthM = wavelengthM;
        this.muT = new double[layout.txSubarrays()];
        this.kT = new double[layout.txSubarrays()];
        this.muR = new double[layout.rxSubarrays()];
        this.kR = new double[layout.rxSubarrays()];
    }

    /**
     * Subarray-level position (option B, eqs. 41-43, Appendix E). Returns false when no pair's bearings intersect
     * in front of the arrays.
     */
    public boolean positionSubarrayLevel(PairPosteriors q) {
        double a11 = 0;
        double a12 = 0;
        double a22 = 0;
        double b1 = 0;
        double b2 = 0;
        int used = 0;
        for (int k = 0; k < layout.pairs(); k++) {
            int mt = k / layout.rxSubarrays();
            int nr = k % layout.rxSubarrays();
            if (!bearingIntersection(layout, q, k, d1, d2, u)) {
                continue;
            }
            double x = u[0];
            double y = u[1];
            layout.psi(true, mt, x, y, g);
            double h11 = q.kappaT[k] * g[0] * g[0];
            double h12 = q.kappaT[k] * g[0] * g[1];
            double h22 = q.kappaT[k] * g[1] * g[1];
            layout.psi(false, nr, x, y, g);
            h11 += q.kappaR[k] * g[0] * g[0];
            h12 += q.kappaR[k] * g[0] * g[1];
            h22 += q.kappaR[k] * g[1] * g[1];
            if (!(h11 * h22 - h12 * h12 > 0)) {
                continue;
            }
            a11 += h11;
            a12 += h12;
            a22 += h22;
            b1 += h11 * x + h12 * y;
            b2 += h12 * x + h22 * y;
            used++;
        }
        if (used == 0) {
            ok = false;
            return false;
        }
        double det = a11 * a22 - a12 * a12;
        px = (a22 * b1 - a12 * b2) / det;
        py = (a11 * b2 - a12 * b1) / det;
        covP[0] = a22 / det;
        covP[1] = -a12 / det;
        covP[2] = a11 / det;
        positionFit(q);
        ok = true;
        return true;
    }

    /**
     * Pair k's position in option B: the intersection {@code c_t + s d_t = c_r + t d_r} of its two bearing lines
     * into {@code out[0..1]} (d1, d2 scratch); false when a bearing has no direction or the lines do not meet in
     * front of both subarrays.
     */
    static boolean bearingIntersection(SubarrayLayout layout, PairPosteriors q, int k, double[] d1, double[] d2,
                                       double[] out) {
        int mt = k / layout.rxSubarrays();
        int nr = k % layout.rxSubarrays();
        if (!layout.direction(true, q.psiT[k], d1) || !layout.direction(false, q.psiR[k], d2)) {
            return false;
        }
        // [d1, −d2] (s, t)ᵀ = c_r − c_t
        double rx = layout.rxCentreX(nr) - layout.txCentreX(mt);
        double ry = layout.rxCentreY(nr) - layout.txCentreY(mt);
        double det = d1[0] * (-d2[1]) - (-d2[0]) * d1[1];
        if (Math.abs(det) < 1e-12) {
            return false;
        }
        double s = (rx * (-d2[1]) - (-d2[0]) * ry) / det;
        double t = (d1[0] * ry - d1[1] * rx) / det;
        if (!(s > 0 && t > 0)) {
            return false;
        }
        out[0] = layout.txCentreX(mt) + s * d1[0];
        out[1] = layout.txCentreY(mt) + s * d1[1];
        return true;
    }

    /**
     * The velocity of configuration ω = {k, K−1−k} (eq. 48) at (ax, ay) from its two Dopplers,
     * {@code [u; w] v = λ (f_k, f_l)}, into {@code out[0..1]}; u and w receive the two pairs' Doppler directions.
     * False when they are parallel.
     */
    static boolean configurationVelocity(SubarrayLayout layout, PairPosteriors q, int k, double ax, double ay,
                                         double wavelengthM, double[] u, double[] w, double[] out) {
        int l = layout.pairs() - 1 - k;
        layout.dopplerDirection(k / layout.rxSubarrays(), k % layout.rxSubarrays(), ax, ay, u);
        layout.dopplerDirection(l / layout.rxSubarrays(), l % layout.rxSubarrays(), ax, ay, w);
        double det = u[0] * w[1] - u[1] * w[0];
        if (Math.abs(det) < 1e-12) {
            return false;
        }
        double f1 = wavelengthM * q.dopplerHz[k];
        double f2 = wavelengthM * q.dopplerHz[l];
        out[0] = (f1 * w[1] - u[1] * f2) / det;
        out[1] = (u[0] * f2 - w[0] * f1) / det;
        return true;
    }

    /** System-level position (option A, eqs. 37-40, 74-79), Gauss-Newton from the current (px, py). */
    public boolean positionSystemLevel(PairPosteriors q) {
        combineMessages(q);
        double f = positionObjective(px, py);
        for (int it = 0; it < 50; it++) {
            double h11 = 0;
            double h12 = 0;
            double h22 = 0;
            double r1 = 0;
            double r2 = 0;
            for (int side = 0; side < 2; side++) {
                boolean tx = side == 0;
                int count = tx ? muT.length : muR.length;
                for (int s = 0; s < count; s++) {
                    double kap = tx ? kT[s] : kR[s];
                    double e = VonMises.wrap(layout.psi(tx, s, px, py, g) - (tx ? muT[s] : muR[s]));
                    double c = Math.max(Math.cos(e), 0.05);
                    h11 += kap * c * g[0] * g[0];
                    h12 += kap * c * g[0] * g[1];
                    h22 += kap * c * g[1] * g[1];
                    r1 -= kap * Math.sin(e) * g[0];
                    r2 -= kap * Math.sin(e) * g[1];
                }
            }
            double det = h11 * h22 - h12 * h12;
            if (!(det > 0)) {
                ok = false;
                return false;
            }
            double dx = (h22 * r1 - h12 * r2) / det;
            double dy = (h11 * r2 - h12 * r1) / det;
            covP[0] = h22 / det;
            covP[1] = -h12 / det;
            covP[2] = h11 / det;
            // backtracking: a step must not lower eq. (74) (far from the peak the clamped GN step can overshoot)
            double step = halvingStep(dx, dy, f);
            if (step == 0) {
                break;
            }
            px += step * dx;
            py += step * dy;
            f = positionObjective(px, py);
            if (step * Math.hypot(dx, dy) < 1e-10 * Math.max(1, Math.hypot(px, py))) {
                break;
            }
        }
        positionFit(q);
        ok = Double.isFinite(px + py);
        return ok;
    }

    /** Eq. (74) with each message counted once: {@code Σ_m κ_m cos(ψ_m(p) − μ_m) + Σ_n κ_n cos(ψ_n(p) − μ_n)}. */
    double positionObjective(double x, double y) {
        double f = 0;
        for (int s = 0; s < muT.length; s++) {
            f += kT[s] * Math.cos(layout.psi(true, s, x, y, null) - muT[s]);
        }
        for (int s = 0; s < muR.length; s++) {
            f += kR[s] * Math.cos(layout.psi(false, s, x, y, null) - muR[s]);
        }
        return f;
    }

    /** Eq. (83) up to a constant factor, at the position (ax, ay). */
    private double velocityObjective(PairPosteriors q, double ax, double ay, double zeta, double blockPeriodS,
                                     double wx, double wy) {
        double f = 0;
        for (int k = 0; k < layout.pairs(); k++) {
            layout.dopplerDirection(k / layout.rxSubarrays(), k % layout.rxSubarrays(), ax, ay, u);
            f += q.kappaX[k] * Math.cos(zeta * (u[0] * wx + u[1] * wy) - 2 * Math.PI * blockPeriodS * q.dopplerHz[k]);
        }
        return f;
    }

    /** The largest of 1, 1/2, … 2⁻²⁹ whose position step does not lower eq. (74) below {@code f}; 0 if none. */
    private double halvingStep(double dx, double dy, double f) {
        double step = 1;
        for (int h = 0; h < 30; h++, step /= 2) {
            if (positionObjective(px + step * dx, py + step * dy) >= f) {
                return step;
            }
        }
        return 0;
    }

    /** Von Mises product over the other side's subarrays (eqs. 30-33): one message per subarray. */
    private void combineMessages(PairPosteriors q) {
        Arrays.fill(muT, 0);
        Arrays.fill(kT, 0);
        Arrays.fill(muR, 0);
        Arrays.fill(kR, 0);
        // accumulate η = Σ κ e^{jμ} in (mu, k) as (re, im) first
        for (int k = 0; k < layout.pairs(); k++) {
            int mt = k / layout.rxSubarrays();
            int nr = k % layout.rxSubarrays();
            muT[mt] += q.kappaT[k] * Math.cos(q.psiT[k]);
            kT[mt] += q.kappaT[k] * Math.sin(q.psiT[k]);
            muR[nr] += q.kappaR[k] * Math.cos(q.psiR[k]);
            kR[nr] += q.kappaR[k] * Math.sin(q.psiR[k]);
        }
        for (int s = 0; s < muT.length; s++) {
            double re = muT[s];
            double im = kT[s];
            muT[s] = Math.atan2(im, re);
            kT[s] = Math.hypot(re, im);
        }
        for (int s = 0; s < muR.length; s++) {
            double re = muR[s];
            double im = kR[s];
            muR[s] = Math.atan2(im, re);
            kR[s] = Math.hypot(re, im);
        }
    }

    /** Quality of the position: Σκ cos(residual)/Σκ achieved vs Σκ A(κ)/Σκ expected, over every pair's bearings. */
    private void positionFit(PairPosteriors q) {
        double num = 0;
        double exp = 0;
        double den = 0;
        for (int k = 0; k < layout.pairs(); k++) {
            int mt = k / layout.rxSubarrays();
            int nr = k % layout.rxSubarrays();
            num += q.kappaT[k] * Math.cos(layout.psi(true, mt, px, py, null) - q.psiT[k])
                    + q.kappaR[k] * Math.cos(layout.psi(false, nr, px, py, null) - q.psiR[k]);
            exp += q.kappaT[k] * VonMises.a(q.kappaT[k]) + q.kappaR[k] * VonMises.a(q.kappaR[k]);
            den += q.kappaT[k] + q.kappaR[k];
        }
        fitP = num / den;
        fitPExpected = exp / den;
    }

    /**
     * System-level velocity at the position (ax, ay) (the estimate, or a known position): Gauss-Newton on eq. (83),
     * started from the weighted least squares of {@code u_k·v = λ f_k} (weights κ_k ζ²), each step halved until it
     * does not lower eq. (83). Sets vx, vy, covV and the velocity fit; false when the normal equations are singular.
     */
    public boolean velocitySystemLevel(PairPosteriors q, double ax, double ay, double blockPeriodS) {
        double zeta = 2 * Math.PI * blockPeriodS / wavelengthM;
        int pairs = layout.pairs();
        double a11 = 0;
        double a12 = 0;
        double a22 = 0;
        double b1 = 0;
        double b2 = 0;
        // weighted least squares of u_k·v = λ f_k, weights κ_k ζ²: the start of Gauss-Newton
        for (int k = 0; k < pairs; k++) {
            layout.dopplerDirection(k / layout.rxSubarrays(), k % layout.rxSubarrays(), ax, ay, u);
            double wk = q.kappaX[k];
            double target = wavelengthM * q.dopplerHz[k];
            a11 += wk * u[0] * u[0];
            a12 += wk * u[0] * u[1];
            a22 += wk * u[1] * u[1];
            b1 += wk * u[0] * target;
            b2 += wk * u[1] * target;
        }
        double det = a11 * a22 - a12 * a12;
        if (!(det > 0)) {
            return ok = false;
        }
        vx = (a22 * b1 - a12 * b2) / det;
        vy = (a11 * b2 - a12 * b1) / det;
        double fv = velocityObjective(q, ax, ay, zeta, blockPeriodS, vx, vy);
        for (int it = 0; it < 50; it++) {
            double h11 = 0;
            double h12 = 0;
            double h22 = 0;
            double r1 = 0;
            double r2 = 0;
            for (int k = 0; k < pairs; k++) {
                layout.dopplerDirection(k / layout.rxSubarrays(), k % layout.rxSubarrays(), ax, ay, u);
                double e = VonMises.wrap(zeta * (u[0] * vx + u[1] * vy) - 2 * Math.PI * blockPeriodS
                        * q.dopplerHz[k]);
                double kap = q.kappaX[k] * zeta * zeta;
                double c = Math.max(Math.cos(e), 0.05);
                h11 += kap * c * u[0] * u[0];
                h12 += kap * c * u[0] * u[1];
                h22 += kap * c * u[1] * u[1];
                r1 -= kap * Math.sin(e) / zeta * u[0];
                r2 -= kap * Math.sin(e) / zeta * u[1];
            }
            det = h11 * h22 - h12 * h12;
            if (!(det > 0)) {
                return ok = false;
            }
            double dx = (h22 * r1 - h12 * r2) / det;
            double dy = (h11 * r2 - h12 * r1) / det;
            covV[0] = h22 / det;
            covV[1] = -h12 / det;
            covV[2] = h11 / det;
            // backtracking as for the position: a step must not lower eq. (83)
            double step = 1;
            double fNew = Double.NEGATIVE_INFINITY;
            for (int h = 0; h < 30; h++, step /= 2) {
                fNew = velocityObjective(q, ax, ay, zeta, blockPeriodS, vx + step * dx, vy + step * dy);
                if (fNew >= fv) {
                    break;
                }
            }
            if (!(fNew >= fv)) {
                break;
            }
            vx += step * dx;
            vy += step * dy;
            fv = fNew;
            if (step * Math.hypot(dx, dy) < 1e-10 * Math.max(1, Math.hypot(vx, vy))) {
                break;
            }
        }
        return velocityFit(q, ax, ay, zeta, blockPeriodS);
    }

    /**
     * Subarray-level velocity at the position (ax, ay): each configuration's velocity (eqs. 48-50, from the pair k and
     * its mirror pairs − 1 − k) combined by their information. Sets vx, vy, covV and the velocity fit; false when the
     * combined information is singular.
     */
    public boolean velocitySubarrayLevel(PairPosteriors q, double ax, double ay, double blockPeriodS) {
        double zeta = 2 * Math.PI * blockPeriodS / wavelengthM;
        int pairs = layout.pairs();
        double a11 = 0;
        double a12 = 0;
        double a22 = 0;
        double b1 = 0;
        double b2 = 0;
        for (int k = 0; k < pairs / 2; k++) {
            int l = pairs - 1 - k;
            if (!configurationVelocity(layout, q, k, ax, ay, wavelengthM, u, w, d1)) {
                continue;
            }
            double mx = d1[0];
            double my = d1[1];
            double k1 = q.kappaX[k] * zeta * zeta;
            double k2 = q.kappaX[l] * zeta * zeta;
            double h11 = k1 * u[0] * u[0] + k2 * w[0] * w[0];
            double h12 = k1 * u[0] * u[1] + k2 * w[0] * w[1];
            double h22 = k1 * u[1] * u[1] + k2 * w[1] * w[1];
            a11 += h11;
            a12 += h12;
            a22 += h22;
            b1 += h11 * mx + h12 * my;
            b2 += h12 * mx + h22 * my;
        }
        double det = a11 * a22 - a12 * a12;
        if (!(det > 0)) {
            return ok = false;
        }
        vx = (a22 * b1 - a12 * b2) / det;
        vy = (a11 * b2 - a12 * b1) / det;
        covV[0] = a22 / det;
        covV[1] = -a12 / det;
        covV[2] = a11 / det;
        return velocityFit(q, ax, ay, zeta, blockPeriodS);
    }

    /** The velocity's fit (achieved and expected von Mises agreement over the pairs); true when vx, vy are finite. */
    private boolean velocityFit(PairPosteriors q, double ax, double ay, double zeta, double blockPeriodS) {
        int pairs = layout.pairs();
        double num = 0;
        double exp = 0;
        double den = 0;
        for (int k = 0; k < pairs; k++) {
            layout.dopplerDirection(k / layout.rxSubarrays(), k % layout.rxSubarrays(), ax, ay, u);
            double e = zeta * (u[0] * vx + u[1] * vy) - 2 * Math.PI * blockPeriodS * q.dopplerHz[k];
            num += q.kappaX[k] * Math.cos(e);
            exp += q.kappaX[k] * VonMises.a(q.kappaX[k]);
            den += q.kappaX[k];
        }
        fitV = num / den;
        fitVExpected = exp / den;
        return ok = Double.isFinite(vx + vy);
    }
}
