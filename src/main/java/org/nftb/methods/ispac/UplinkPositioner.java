package org.nftb.methods.ispac;

import org.nftb.model.DoubleArrayModel;
import org.nftb.linalg.Cx;
import org.nftb.methods.ispac.design.HybridArray;

/**
 * Seed 003 uplink positioning: the AT transmits the known S_u (N_b × T), the MT receives through its analog
 * combiner {@code Y = β FᴴG̃ S_u + Ñ} (eq. 19 after SIC), N_RF × T.
 *
 * <p><b>Why not eq. 49.</b> Algorithm 3's first stage maximises {@code e₁ᴴ Γ(ϑ)⁻¹ e₁} with
 * {@code Γ(ϑ) = D(ϑ)ᴴ B D(ϑ)}, {@code D = diag(c(ϑ))} unitary and {@code B = F U_n U_nᴴ Fᴴ} (N_a × N_a). B has rank
 * N_RF − 1 < N_a, so Γ has no inverse; and with any generalised inverse (or a regularised one)
 * {@code (DᴴBD)⁺ = DᴴB⁺D}, so {@code e₁ᴴΓ⁺e₁ = |c₁|² [B⁺]₁₁ = [B⁺]₁₁}, the same for every angle (c₁ = 1). The
 * printed objective is flat; {@link PrintedUplinkObjective} evaluates it and a test shows it.
 *
 * <p><b>What we do instead.</b> (1) A coarse 2-D MUSIC over (θ, r) on the hybrid-combined signal: the echo is
 * rank one, spanned by {@code ã = Fᴴa(θ, r)}, so with u the principal eigenvector of YYᴴ the MUSIC null
 * {@code ãᴴU_nU_nᴴã/‖ã‖²} is {@code 1 − |uᴴã|²/‖ã‖²}; the normalised ã of the grid (θ step λ/(2D), 1/r step a
 * quarter of the near-field depth of focus 2λ/D², D the MT aperture) are precomputed once since F is fixed.
 * (2) Alternating 1-D refinement (golden section in θ, then in 1/r, three sweeps) and a Newton polish, both on
 * the exact concentrated likelihood {@code |δᴴy|²/‖δ‖²}, δ = vec(FᴴG̃S_u), which uses the known probing
 * block and the AT at its own position (MUSIC alone ignores the waveform and so cannot reach the known-waveform
 * CRB at moderate SNR). Per point: {@code δᴴy = ãᴴ Q b*} with {@code Q = Y S_uᴴ} (per CPI) and
 * {@code ‖δ‖² = ‖ã‖² bᵀ(S_uS_uᴴ)b*} (set-up).
 *
 * <p>Not thread-safe (scratch buffers); one per worker.
 */
public final class UplinkPositioner extends EchoPositioner {
    private final DoubleArrayModel model;
    private final HybridArray f;
    private final int na;
    private final int nb;
    private final int nrf;
    private final int snapshots;
    private final double[] s;
    private final double[] rs;
    private final double[] gridTheta;
    private final double[] gridInvRange;
    private final double[] gridSteer;     // normalised ã per grid point
    private final double[] a;
    private final double[] b;
    private final double[] fa;
    private final double[] bs;
    private final double[] q;
    private double gridAngleRad;
    private double gridRangeM;

    /**
     * @param s          the known probing block S_u, N_b × T
     * @param sectorRad  angles searched: [−sector, sector] from the model's origin
     * @param minRangeM  nearest range searched
     * @param maxRangeM  farthest range searched
     */
    public UplinkPositioner(DoubleArrayModel model, HybridArray f, double[] s, int snapshots, double sectorRad,
                            double minRangeM, double maxRangeM) {
        super(f.chains(), snapshots, minRangeM, maxRangeM);
        this.model = model;
        this.f = f;
        this.na = model.mtCount();
        this.nb = model.atCount();
        this.nrf = f.chains();
        if (f.elements() != na) {
            throw new IllegalArgumentException("F has " + f.elements() + " elements, the MT " + na);
        }
        this.snapshots = snapshots;
        this.s = s.clone();
        this.rs = new double[2 * nb * nb];
        Cx.mulAdjoint(s, s, nb, snapshots, nb, rs);
        double aperture = model.mt().apertureM() * na / Math.max(na - 1, 1);
        double lambda = model.wavelengthM();
        int nt = (int) Math.ceil(2 * sectorRad / (lambda / (2 * aperture))) + 1;
        this.gridTheta = new double[nt];
        for (int i = 0; i < nt; i++) {
            gridTheta[i] = -sectorRad + 2 * sectorRad * i / (nt - 1);
        }
        double depth = 2 * lambda / (aperture * aperture);
        int nr = Math.max(4, (int) Math.ceil((1 / minRangeM - 1 / maxRangeM) / (depth / 4)) + 1);
        this.gridInvRange = new double[nr];
        for (int i = 0; i < nr; i++) {
            gridInvRange[i] = 1 / maxRangeM + (1 / minRangeM - 1 / maxRangeM) * i / (nr - 1);
        }
        this.a = new double[2 * na];
        this.b = new double[2 * nb];
        this.fa = new double[2 * nrf];
        this.bs = new double[2 * nb];
        this.gridSteer = new double[2 * nrf * nt * nr];
        for (int i = 0; i < nt; i++) {
            for (int j = 0; j < nr; j++) {
                model.mtSteering(gridTheta[i], 1 / gridInvRange[j], a, null, null);
                f.adjointTimes(a, fa);
                double norm = Math.sqrt(Cx.norm2(fa, nrf));
                int o = 2 * nrf * (i * nr + j);
                for (int k = 0; k < 2 * nrf; k++) {
                    gridSteer[o + k] = norm > 0 ? fa[k] / norm : 0;
                }
            }
        }
        this.q = new double[2 * nrf * nb];
    }

    /** Grid points of the coarse 2-D MUSIC. */
    public int gridSize() {
        return gridTheta.length * gridInvRange.length;
    }

    /** Positions the target from one CPI: {@code y} N_RF × T (the combined snapshot). */
    public void estimate(float[] y) {
        analyse(y, "the combined MT snapshot");
        double[] u = subspace.principal();
        // Q = Y S_uᴴ
        Cx.mulAdjoint(toDoubleRows(y), s, nrf, snapshots, nb, q);
        // (1) coarse 2-D MUSIC
        int nr = gridInvRange.length;
        int best = 0;
        double bestV = -1;
        for (int p = 0; p < gridTheta.length * nr; p++) {
            int o = 2 * nrf * p;
            double re = 0;
            double im = 0;
            for (int k = 0; k < nrf; k++) {
                double ur = u[2 * k];
                double ui = u[2 * k + 1];
                double gr = gridSteer[o + 2 * k];
                double gi = gridSteer[o + 2 * k + 1];
                re += ur * gr + ui * gi;
                im += ur * gi - ui * gr;
            }
            double v = re * re + im * im;
            if (v > bestV) {
                bestV = v;
                best = p;
            }
        }
        double th = gridTheta[best / nr];
        double qr = gridInvRange[best % nr];
        gridAngleRad = th;
        gridRangeM = 1 / qr;
        double dth = gridTheta[1] - gridTheta[0];
        double dq = gridInvRange[1] - gridInvRange[0];
        // (2) alternating 1-D refinement on the exact likelihood
        for (int sweep = 0; sweep < 3; sweep++) {
            double rr = 1 / qr;
            th = LocalSearch.golden(t -> likelihood(t, rr), th - dth, th + dth, 1e-3 * dth);
            double tt = th;
            qr = LocalSearch.golden(v -> likelihood(tt, 1 / v), Math.max(qr - dq, 1e-9), qr + dq, 1e-3 * dq);
        }
        double r0 = 1 / qr;
        finish(th, r0);
    }

    private double[] rows;

    private double[] toDoubleRows(float[] y) {
        if (rows == null) {
            rows = new double[y.length];
        }
        for (int i = 0; i < y.length; i++) {
            rows[i] = y[i];
        }
        return rows;
    }

    /** {@code |ãᴴQb*|² / (‖ã‖² bᵀ R_s b*)}; leaves δᴴy in tmp and ‖δ‖² in lastDen. */
    @Override
    double fit(double theta, double range) {
        model.mtSteering(theta, range, a, null, null);
        model.atSteering(theta, range, b, null, null);
        f.adjointTimes(a, fa);
        // bs = Q b*  (N_RF)
        double nr = 0;
        double ni = 0;
        for (int i = 0; i < nrf; i++) {
            double hr = 0;
            double hi = 0;
            for (int n = 0; n < nb; n++) {
                double qre = q[2 * (i * nb + n)];
                double qim = q[2 * (i * nb + n) + 1];
                double br = b[2 * n];
                double bi = -b[2 * n + 1];
                hr += qre * br - qim * bi;
                hi += qre * bi + qim * br;
            }
            nr += fa[2 * i] * hr + fa[2 * i + 1] * hi;
            ni += fa[2 * i] * hi - fa[2 * i + 1] * hr;
        }
        // bᵀ R_s b* = (b*)ᴴ R_s (b*)
        Cx.conj(b, nb, bs);
        Cx.form(bs, rs, bs, nb, tmp);
        double den = Cx.norm2(fa, nrf) * tmp[0];
        tmp[0] = nr;
        tmp[1] = ni;
        lastDen = den;
        return den > 0 ? (nr * nr + ni * ni) / den : 0;
    }

    /** The coarse 2-D MUSIC grid point (θ). */
    public double gridAngleRad() { return gridAngleRad; }
    /** The coarse 2-D MUSIC grid point (r). */
    public double gridRangeM() { return gridRangeM; }
}
