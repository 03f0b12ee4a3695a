package org.nftb.methods.ispac;

import org.nftb.model.DoubleArrayModel;
import org.nftb.model.ElementArray;
import org.nftb.linalg.Cx;

import java.util.function.DoubleUnaryOperator;

/**
 * Seed 003 Algorithm 1, downlink: the MT transmits the known X (N_a × T), the AT receives
 * {@code Y = β G̃ᵀ X + N} (eq. 13, perfect SI cancellation), G̃ = a bᵀ exact ({@link DoubleArrayModel}).
 * <ol>
 *   <li><b>Angle (eq. 20)</b>: MUSIC on the AT. {@code R = YYᴴ/T}; the signal {@code β b (aᵀx(t))} is rank one, so
 *       the noise projector is {@code I − u uᴴ} (u the principal eigenvector) and eq. 20's
 *       {@code bᴴU_nU_nᴴb = ‖b‖² − |uᴴb|²}: we maximise {@code |uᴴ b(θ)|²} over the AT's far-field b (eq. 4) on a grid
 *       (8 N_b points over the configured sector) and refine by golden section. This is the angle at the AT's own
 *       reference point.</li>
 *   <li><b>Range (eqs. 21-23)</b>: on the ray from the AT at that angle, maximise the concentrated likelihood
 *       {@code L = |δᴴy|²/‖δ‖²}, δ = vec(b aᵀX), on a grid uniform in 1/ρ, then golden section. Precomputed once
 *       (the constructor): the eigenbasis of {@code XXᴴ = B Λ Bᴴ} (rank ≤ N_RF) and {@code Z = BᴴX}; per CPI
 *       {@code Q = Z* Yᵀ} (rank × N_b); then per range point {@code g = Bᵀa}, {@code δᴴy = Σ_k g_k* (Q b*)_k} and
 *       {@code ‖δ‖² = ‖b‖² Σ_k λ_k |g_k|²}: O(N_a·rank) per point instead of O(N_a N_b T).</li>
 *   <li><b>Polish (our addition)</b>: the AT is at its own position, so its far-field b biases stage 1 slightly
 *       and the stage-2 ray misses the target by that bias; a Newton search on the same exact likelihood over
 *       (θ, r) from the two-stage estimate removes it (noiseless data are then recovered exactly). Stage 1 only
 *       needs to land in the likelihood's main lobe.</li>
 * </ol>
 * β̂ is eq. 22 at the estimate. Not thread-safe (scratch buffers); one per worker. Per CPI nothing is allocated
 * here (the eigensolver is reused; EJML may allocate inside it).
 */
public final class DownlinkPositioner extends EchoPositioner {
    private final DoubleArrayModel model;
    private final ElementArray at;
    private final int na;
    private final int nb;
    private final int snapshots;
    private final int rank;
    private final double[] basis;      // N_a × rank, columns v_k
    private final double[] lambda;     // rank
    private final double[] zConj;      // rank × T, conj(BᴴX)
    private final double[] anglesRad;  // AT angle grid
    private final double[] inverseRanges;
    private final double[] bFar;
    private final double[] a;
    private final double[] b;
    private final double[] g;
    private final double[] q;
    private double atAngle;
    private final DoubleUnaryOperator music = this::music;             // no allocation per CPI
    private final DoubleUnaryOperator rayLikelihood = this::rayLikelihood;

    /** What one CPI gave (overwritten by the next). */
    private double noiseResidual;
    private double musicAngleRad;

    /**
     * @param model        the double array; (θ, r) are seen from its origin
     * @param x            the transmitted block X, N_a × T row-major interleaved (known at the AT)
     * @param snapshots    T
     * @param sectorRad    AT angles searched: [−sector, +sector]
     * @param minRangeM    nearest range searched along the AT ray
     * @param maxRangeM    farthest range searched
     * @param rangePoints  grid points uniform in 1/ρ
     */
    public DownlinkPositioner(DoubleArrayModel model, double[] x, int snapshots, double sectorRad, double minRangeM,
                              double maxRangeM, int rangePoints) {
        super(model.atCount(), snapshots, minRangeM, maxRangeM);
        this.model = model;
        this.at = model.at();
        this.na = model.mtCount();
        this.nb = model.atCount();
        this.snapshots = snapshots;
        double[] gram = new double[2 * na * na];
        Cx.mulAdjoint(x, x, na, snapshots, na, gram);
        double[] ev = new double[na];
        double[] evec = new double[2 * na * na];
        Cx.eigh(gram, na, ev, evec);
        int k = 0;
        while (k < na && ev[k] > 1e-10 * ev[0]) {
            k++;
        }
        if (k == 0) {
            throw new IllegalArgumentException("the transmitted block X is zero: nothing to position with");
        }
        this.rank = k;
        this.basis = new double[2 * na * rank];
        this.lambda = new double[rank];
        for (int c = 0; c < rank; c++) {
            lambda[c] = ev[c];
            for (int n = 0; n < na; n++) {
                basis[2 * (n * rank + c)] = evec[2 * (n * na + c)];
                basis[2 * (n * rank + c) + 1] = evec[2 * (n * na + c) + 1];
            }
        }
        // Z = Bᴴ X, stored conjugated
        this.zConj = new double[2 * rank * snapshots];
        for (int c = 0; c < rank; c++) {
            for (int t = 0; t < snapshots; t++) {
                double re = 0;
                double im = 0;
                for (int n = 0; n < na; n++) {
                    double br = basis[2 * (n * rank + c)];
                    double bi = -basis[2 * (n * rank + c) + 1];
                    double xr = x[2 * (n * snapshots + t)];
                    double xi = x[2 * (n * snapshots + t) + 1];
                    re += br * xr - bi * xi;
                    im += br * xi + bi * xr;
                }
                zConj[2 * (c * snapshots + t)] = re;
                zConj[2 * (c * snapshots + t) + 1] = -im;
            }
        }
        int angles = 8 * nb + 1;
        this.anglesRad = new double[angles];
        for (int i = 0; i < angles; i++) {
            anglesRad[i] = -sectorRad + 2 * sectorRad * i / (angles - 1);
        }
        this.inverseRanges = new double[rangePoints];
        for (int i = 0; i < rangePoints; i++) {
            inverseRanges[i] = 1 / maxRangeM + (1 / minRangeM - 1 / maxRangeM) * i / (rangePoints - 1);
        }
        this.bFar = new double[2 * nb];
        this.a = new double[2 * na];
        this.b = new double[2 * nb];
        this.g = new double[2 * rank];
        this.q = new double[2 * rank * nb];
    }

    /** Rank of XXᴴ (≤ N_RF): the number of independent transmit streams. */
    public int rank() {
        return rank;
    }

    /**
     * Positions the target from one CPI. {@code y}: N_b × T row-major interleaved (the snapshot of the AT).
     *
     * @throws IllegalArgumentException when y holds no energy
     */
    public void estimate(float[] y) {
        analyse(y, "the AT snapshot");
        // Q = Z* Yᵀ : rank × N_b
        for (int c = 0; c < rank; c++) {
            for (int n = 0; n < nb; n++) {
                double re = 0;
                double im = 0;
                int oz = 2 * c * snapshots;
                int oy = 2 * n * snapshots;
                for (int t = 0; t < snapshots; t++) {
                    double zr = zConj[oz + 2 * t];
                    double zi = zConj[oz + 2 * t + 1];
                    double yr = y[oy + 2 * t];
                    double yi = y[oy + 2 * t + 1];
                    re += zr * yr - zi * yi;
                    im += zr * yi + zi * yr;
                }
                q[2 * (c * nb + n)] = re;
                q[2 * (c * nb + n) + 1] = im;
            }
        }
        // stage 1: MUSIC angle at the AT (eq. 20)
        int best = LocalSearch.argmax(music, anglesRad);
        double step = anglesRad[1] - anglesRad[0];
        musicAngleRad = LocalSearch.golden(music, anglesRad[best] - step, anglesRad[best] + step, 1e-9);
        atAngle = musicAngleRad;
        // stage 2: range on the AT ray (eq. 23)
        int bestR = LocalSearch.argmax(rayLikelihood, inverseRanges);
        double dq = inverseRanges[1] - inverseRanges[0];
        double lo = Math.max(inverseRanges[bestR] - dq, 1e-9);
        double qHat = LocalSearch.golden(rayLikelihood, lo, inverseRanges[bestR] + dq, 1e-7 * dq);
        double rho = 1 / qHat;
        double px = at.referenceXM() + rho * Math.sin(atAngle);
        double py = at.referenceYM() + rho * Math.cos(atAngle);
        double th0 = Math.atan2(px - model.originXM(), py - model.originYM());
        double r0 = Math.hypot(px - model.originXM(), py - model.originYM());
        double l = finish(th0, r0);                 // polish on the exact likelihood, β̂, fit
        noiseResidual = Math.max(yEnergy - l, 0) / ((double) nb * snapshots);
    }

    /** |uᴴ b(θ_AT)|² with the AT's far-field b (stage 1). */
    private double music(double theta) {
        DoubleArrayModel.farField(at, model.wavelengthM(), theta, bFar);
        Cx.dot(subspace.principal(), bFar, nb, tmp);
        return tmp[0] * tmp[0] + tmp[1] * tmp[1];
    }

    /** Likelihood at distance 1/invRho from the AT along the stage-1 angle. */
    private double rayLikelihood(double invRho) {
        double rho = 1 / invRho;
        double px = at.referenceXM() + rho * Math.sin(atAngle) - model.originXM();
        double py = at.referenceYM() + rho * Math.cos(atAngle) - model.originYM();
        return likelihood(Math.atan2(px, py), Math.hypot(px, py));
    }

    /** Concentrated likelihood {@code |δᴴy|²/‖δ‖²} at (θ, r); leaves δᴴy in tmp and ‖δ‖² in lastDen. */
    @Override
    double fit(double theta, double range) {
        model.mtSteering(theta, range, a, null, null);
        model.atSteering(theta, range, b, null, null);
        double den = 0;
        double nr = 0;
        double ni = 0;
        for (int c = 0; c < rank; c++) {
            double gr = 0;
            double gi = 0;
            for (int n = 0; n < na; n++) {
                double vr = basis[2 * (n * rank + c)];
                double vi = basis[2 * (n * rank + c) + 1];
                gr += vr * a[2 * n] - vi * a[2 * n + 1];
                gi += vr * a[2 * n + 1] + vi * a[2 * n];
            }
            den += lambda[c] * (gr * gr + gi * gi);
            // h_c = Σ_n Q[c, n] b_n*
            double hr = 0;
            double hi = 0;
            int oq = 2 * c * nb;
            for (int n = 0; n < nb; n++) {
                double qr = q[oq + 2 * n];
                double qi = q[oq + 2 * n + 1];
                double br = b[2 * n];
                double bi = -b[2 * n + 1];
                hr += qr * br - qi * bi;
                hi += qr * bi + qi * br;
            }
            // += g_c* h_c
            nr += gr * hr + gi * hi;
            ni += gr * hi - gi * hr;
        }
        den *= Cx.norm2(b, nb);
        tmp[0] = nr;
        tmp[1] = ni;
        lastDen = den;
        return den > 0 ? (nr * nr + ni * ni) / den : 0;
    }

    /** Noise variance per sample from the ML residual. */
    public double noiseVarianceResidual() { return noiseResidual; }
    /** The stage-1 MUSIC angle at the AT's reference point. */
    public double musicAngleRad() { return musicAngleRad; }
}
