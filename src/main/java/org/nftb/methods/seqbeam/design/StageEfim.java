package org.nftb.methods.seqbeam.design;

import org.nftb.methods.seqbeam.ChannelFim;
import org.nftb.methods.seqbeam.ChannelParam;
import org.nftb.methods.seqbeam.Dense;
import org.nftb.methods.seqbeam.Stage;
import org.nftb.methods.seqbeam.StageModel;

/**
 * One stage's equivalent FIM over η_p as a function of the Gram matrix {@code G = Vᴴ R V} (the design model of
 * {@link ChannelFim#computeAveraged}), and its adjoint: given {@code Γ = ∂f/∂E} returns {@code ∂f/∂G}. The map is
 * gains' Schur complement → {@code Jᵀ · J} → (BP) Schur complement of orientation and clock bias; the adjoint of a
 * Schur complement {@code S = A − B D⁻¹ Bᵀ} is {@code ∂A = Γ, ∂B = −Γ Kᵀ (both off-diagonal blocks), ∂D = K Γ Kᵀ}
 * with {@code K = D⁻¹ Bᵀ}. Allocates per call (small arrays); not thread-safe.
 */
final class StageEfim {
    private final StageModel model;
    private final ChannelFim kernel;
    private final int n;
    private final int g;
    private final int ne;
    private final double[] jac;
    private final double[] chan;
    // kept from the last forward pass for the adjoint
    private double[] kGain;     // K = D⁻¹ Bᵀ of the gains' Schur complement (gains × geo)
    private double[] kNuis;     // the same for orientation/clock (2 × np), BP only
    private final int[][] jCols; // nonzero columns of each row of J

    private final int doppler;

    /**
     * @param dropDoppler treat the Doppler shifts as known (zero information: the static UE of Snapshot MS, §IV-B)
     */
    StageEfim(ChannelFim kernel, boolean dropDoppler) {
        this.kernel = kernel;
        int nu = -1;
        if (dropDoppler) {
            for (int i = 0; i < kernel.size(); i++) {
                if (kernel.model().params().get(i).kind() == ChannelParam.Kind.DOPPLER) {
                    nu = i;
                }
            }
        }
        this.doppler = nu;
        this.model = kernel.model();
        this.n = kernel.size();
        this.g = model.geoCount();
        this.ne = model.etaCount();
        this.jac = model.jacobian();
        this.chan = new double[n * n];
        int[][] cols = new int[g][];
        for (int i = 0; i < g; i++) {
            int c = 0;
            for (int q = 0; q < ne; q++) {
                c += jac[i * ne + q] != 0 ? 1 : 0;
            }
            cols[i] = new int[c];
            c = 0;
            for (int q = 0; q < ne; q++) {
                if (jac[i * ne + q] != 0) {
                    cols[i][c++] = q;
                }
            }
        }
        this.jCols = cols;
    }

    Stage stage() {
        return model.stage();
    }

    /** Size of η_p. */
    int size() {
        return model.stage() == Stage.BP ? ne - 2 : ne;
    }

    /** E(G); null when a Schur complement's block is singular. */
    double[] forward(double[] gram) {
        kernel.computeAveraged(gram, chan);
        clear(chan);
        double[][] s = schur(chan, n, g);
        if (s == null) {
            return null;
        }
        kGain = s[1];
        double[] pos = sparseCongruence(s[0]);
        if (model.stage() == Stage.MS) {
            return pos;
        }
        double[][] t = schur(pos, ne, ne - 2);
        if (t == null) {
            return null;
        }
        kNuis = t[1];
        return t[0];
    }

    /** Adds ∂f/∂G to {@code gramGrad} for {@code gamma} = ∂f/∂E (symmetric, size()²) of the last forward pass. */
    void adjoint(double[] gamma, double[] gramGrad) {
        double[] gPos = gamma;
        if (model.stage() == Stage.BP) {
            gPos = schurAdjoint(gamma, ne - 2, 2, kNuis);
        }
        // ∂f/∂E_chan,geo = J ∂f/∂E_pos Jᵀ (J sparse: a few nonzeros per row)
        double[] gGeo = new double[g * g];
        double[] tmp = new double[g * ne];
        for (int i = 0; i < g; i++) {
            for (int k : jCols[i]) {
                double v = jac[i * ne + k];
                for (int q = 0; q < ne; q++) {
                    tmp[i * ne + q] += v * gPos[k * ne + q];
                }
            }
        }
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                double sum = 0;
                for (int q : jCols[j]) {
                    sum += tmp[i * ne + q] * jac[j * ne + q];
                }
                gGeo[i * g + j] = sum;
            }
        }
        double[] gChan = schurAdjoint(gGeo, g, n - g, kGain);
        clear(gChan);
        kernel.adjointAveraged(gChan, gramGrad);
    }

    /** {@code Jᵀ A J} with J's sparsity. */
    private double[] sparseCongruence(double[] a) {
        double[] aj = new double[g * ne];
        for (int i = 0; i < g; i++) {
            for (int k = 0; k < g; k++) {
                double v = a[i * g + k];
                for (int q : jCols[k]) {
                    aj[i * ne + q] += v * jac[k * ne + q];
                }
            }
        }
        double[] out = new double[ne * ne];
        for (int k = 0; k < g; k++) {
            for (int p : jCols[k]) {
                double v = jac[k * ne + p];
                for (int q = 0; q < ne; q++) {
                    out[p * ne + q] += v * aj[k * ne + q];
                }
            }
        }
        return out;
    }

    private void clear(double[] m) {
        if (doppler >= 0) {
            for (int i = 0; i < n; i++) {
                m[doppler * n + i] = 0;
                m[i * n + doppler] = 0;
            }
        }
    }

    /** {S, K} for the Schur complement of the trailing indices [keep, size) of a; null when singular. */
    static double[][] schur(double[] a, int size, int keep) {
        int m = size - keep;
        double[] d = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                d[i * m + j] = a[(keep + i) * size + keep + j];
            }
        }
        // scale to unit diagonal before Cholesky
        double[] sc = new double[m];
        for (int i = 0; i < m; i++) {
            sc[i] = d[i * m + i] > 0 ? 1 / Math.sqrt(d[i * m + i]) : 1;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                d[i * m + j] *= sc[i] * sc[j];
            }
        }
        if (!Dense.cholesky(d, m)) {
            return null;
        }
        // K = D⁻¹ Bᵀ (m × keep), Bᵀ = a[keep.., 0..keep)
        double[] k = new double[m * keep];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < keep; j++) {
                k[i * keep + j] = a[(keep + i) * size + j] * sc[i];
            }
        }
        Dense.cholSolve(d, m, k, keep);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < keep; j++) {
                k[i * keep + j] *= sc[i];
            }
        }
        double[] s = new double[keep * keep];
        for (int i = 0; i < keep; i++) {
            for (int j = 0; j < keep; j++) {
                double v = a[i * size + j];
                for (int q = 0; q < m; q++) {
                    v -= a[i * size + keep + q] * k[q * keep + j];
                }
                s[i * keep + j] = v;
            }
        }
        return new double[][] {s, k};
    }

    /** ∂f/∂A for A = [[A_kk, B],[Bᵀ, D]] (size keep + m) from ∂f/∂S = Γ and K = D⁻¹ Bᵀ. */
    static double[] schurAdjoint(double[] gamma, int keep, int m, double[] k) {
        int size = keep + m;
        double[] out = new double[size * size];
        for (int i = 0; i < keep; i++) {
            System.arraycopy(gamma, i * keep, out, i * size, keep);
        }
        // ∂B = −Γ Kᵀ (keep × m); ∂D = K Γ Kᵀ
        double[] kg = new double[m * keep];
        for (int q = 0; q < m; q++) {
            for (int j = 0; j < keep; j++) {
                double s = 0;
                for (int i = 0; i < keep; i++) {
                    s += k[q * keep + i] * gamma[i * keep + j];
                }
                kg[q * keep + j] = s;
            }
        }
        for (int q = 0; q < m; q++) {
            for (int j = 0; j < keep; j++) {
                out[(keep + q) * size + j] = -kg[q * keep + j];
                out[j * size + keep + q] = -kg[q * keep + j];
            }
            for (int r = 0; r < m; r++) {
                double s = 0;
                for (int j = 0; j < keep; j++) {
                    s += kg[q * keep + j] * k[r * keep + j];
                }
                out[(keep + q) * size + keep + r] = s;
            }
        }
        return out;
    }
}
