package org.nftb.bound;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nftb.model.CpiTiming;
import org.nftb.model.PolarJacobian;
import org.nftb.model.PolarState;
import org.nftb.model.PropagationModel;

/**
 * Cramér–Rao bound of the (θ, r, v_r, v_θ) of each of K targets in one CPI of seed 001's model, every target with
 * its own unknown complex gain: {@code y = Σ_k g_k s_k(η_k) + z}, {@code s_k[c,m] = exp(−jk(L_kc + t_m L̇_kc))}.
 *
 * <p>With the gains as nuisance parameters the Fisher information of η = (η_1, …, η_K) is
 * {@code J = (2/σ²) Re{Dᴴ P⊥ D}}, D the NM × 4K matrix of the columns {@code g_k ∂s_k/∂η_{k,i}} and
 * {@code P⊥ = I − S(SᴴS)⁻¹Sᴴ} the projection away from the K echoes {@code S = [s_1 … s_K]}. For K = 1 it is
 * {@link MotionCrb}'s bound. Where the targets are well apart (their echoes nearly orthogonal) each target's bound
 * tends to its single-target bound; it is never below it.
 *
 * <p>Not a kernel (allocates NM·(5K) complex values); thread-safe.
 */
public final class MultiTargetCrb {
    private MultiTargetCrb() {
    }

    /**
     * The 4K × 4K CRB (row-major), parameters of target k at rows 4k..4k+3.
     *
     * @param targets   true states seen from (refXM, refYM)
     * @param gainsRe   real parts of the gains g_k (per-sample amplitude units, σ² = {@code noiseVariance})
     * @param gainsIm   imaginary parts
     * @throws IllegalArgumentException where J is singular
     */
    public static double[] polarBound(PropagationModel model, PolarState[] targets, double[] gainsRe,
                                      double[] gainsIm, double refXM, double refYM, int symbols, double symbolPeriodS,
                                      double noiseVariance) {
        int k = targets.length;
        int channels = model.channelCount();
        int rows = channels * symbols;
        int cols = 4 * k;
        double wavenumber = 2 * Math.PI / model.wavelengthM();
        // S (rows × K) and D (rows × 4K), complex, column-major
        double[] sRe = new double[rows * k];
        double[] sIm = new double[rows * k];
        double[] dRe = new double[rows * cols];
        double[] dIm = new double[rows * cols];
        double[] path = new double[channels];
        double[] rate = new double[channels];
        double[] dPath = new double[4 * channels];
        double[] dRate = new double[4 * channels];
        double[] jac = new double[16];
        for (int t = 0; t < k; t++) {
            PolarState p = targets[t];
            double s = Math.sin(p.angleRad());
            double c = Math.cos(p.angleRad());
            double x = refXM + p.rangeM() * s;
            double y = refYM + p.rangeM() * c;
            double vx = p.radialVelocityMps() * s + p.transverseVelocityMps() * c;
            double vy = p.radialVelocityMps() * c - p.transverseVelocityMps() * s;
            model.paths(x, y, vx, vy, path, rate);
            model.pathJacobians(x, y, vx, vy, dPath, dRate);
            PolarJacobian.fill(p, jac);
            for (int ch = 0; ch < channels; ch++) {
                for (int m = 0; m < symbols; m++) {
                    double tm = CpiTiming.symbolTimeS(m, symbols, symbolPeriodS);
                    double phase = -wavenumber * (path[ch] - p.rangeM() + tm * rate[ch]);
                    double er = Math.cos(phase);
                    double ei = Math.sin(phase);
                    int row = ch * symbols + m;
                    sRe[t * rows + row] = er;
                    sIm[t * rows + row] = ei;
                    // g ∂s/∂η_i = g · (−j k ψ_i) s, ψ_i = ∂L/∂η_i + t_m ∂L̇/∂η_i
                    double gr = gainsRe[t] * er - gainsIm[t] * ei;
                    double gi = gainsRe[t] * ei + gainsIm[t] * er;
                    for (int i = 0; i < 4; i++) {
                        double psi = 0;
                        for (int q = 0; q < 4; q++) {
                            psi += (dPath[4 * ch + q] + tm * dRate[4 * ch + q]) * jac[4 * q + i];
                        }
                        int col = 4 * t + i;
                        dRe[col * rows + row] = wavenumber * psi * gi;     // −j·a·(gr + j gi) = a gi − j a gr
                        dIm[col * rows + row] = -wavenumber * psi * gr;
                    }
                }
            }
        }
        // DᴴD, SᴴD, SᴴS
        double[] ddRe = new double[cols * cols];
        double[] ddIm = new double[cols * cols];
        gram(dRe, dIm, cols, dRe, dIm, cols, rows, ddRe, ddIm);
        double[] sdRe = new double[k * cols];
        double[] sdIm = new double[k * cols];
        gram(sRe, sIm, k, dRe, dIm, cols, rows, sdRe, sdIm);
        double[] ssRe = new double[k * k];
        double[] ssIm = new double[k * k];
        gram(sRe, sIm, k, sRe, sIm, k, rows, ssRe, ssIm);
        // (SᴴS)⁻¹ SᴴD by Gaussian elimination on the K × K complex system
        double[] xRe = sdRe.clone();
        double[] xIm = sdIm.clone();
        ComplexSolve.solve(ssRe, ssIm, k, xRe, xIm, cols);
        double[] fim = new double[cols * cols];
        for (int i = 0; i < cols; i++) {
            for (int j = 0; j < cols; j++) {
                // Re{(DᴴD − (SᴴD)ᴴ (SᴴS)⁻¹ SᴴD)_ij}
                double re = ddRe[i * cols + j];
                for (int a = 0; a < k; a++) {
                    // conj(SᴴD[a,i]) · X[a,j]
                    re -= sdRe[a * cols + i] * xRe[a * cols + j] + sdIm[a * cols + i] * xIm[a * cols + j];
                }
                fim[i * cols + j] = 2 / noiseVariance * re;
            }
        }
        DMatrixRMaj j = new DMatrixRMaj(cols, cols, true, fim);
        DMatrixRMaj inv = new DMatrixRMaj(cols, cols);
        if (!CommonOps_DDRM.invert(j, inv)) {
            throw new IllegalArgumentException("Fisher information of " + k + " targets is singular");
        }
        return inv.data.clone();
    }

    /** {@code out[a·nb + b] = Σ_r conj(A[r, a]) B[r, b]} for column-major A (na columns) and B (nb columns). */
    private static void gram(double[] aRe, double[] aIm, int na, double[] bRe, double[] bIm, int nb, int rows,
                             double[] outRe, double[] outIm) {
        for (int a = 0; a < na; a++) {
            for (int b = 0; b < nb; b++) {
                double re = 0;
                double im = 0;
                int oa = a * rows;
                int ob = b * rows;
                for (int r = 0; r < rows; r++) {
                    double ar = aRe[oa + r];
                    double ai = aIm[oa + r];
                    double br = bRe[ob + r];
                    double bi = bIm[ob + r];
                    re += ar * br + ai * bi;
                    im += ar * bi - ai * br;
                }
                outRe[a * nb + b] = re;
                outIm[a * nb + b] = im;
            }
        }
    }

    /** Solves a small complex system A X = B in place (Gaussian elimination with partial pivoting). */
    private static final class ComplexSolve {
        private ComplexSolve() {
        }

        /** A is n × n (row-major, destroyed), B is n × m (row-major, replaced by X). */
        static void solve(double[] aRe, double[] aIm, int n, double[] bRe, double[] bIm, int m) {
            double[] ar = aRe.clone();
            double[] ai = aIm.clone();
            for (int col = 0; col < n; col++) {
                int pivot = col;
                for (int r = col + 1; r < n; r++) {
                    if (Math.hypot(ar[r * n + col], ai[r * n + col]) > Math.hypot(ar[pivot * n + col],
                            ai[pivot * n + col])) {
                        pivot = r;
                    }
                }
                swapRows(ar, ai, n, col, pivot);
                swapRows(bRe, bIm, m, col, pivot);
                double pr = ar[col * n + col];
                double pi = ai[col * n + col];
                double norm = pr * pr + pi * pi;
                if (!(norm > 0)) {
                    throw new IllegalArgumentException("echoes of the targets are linearly dependent");
                }
                for (int r = 0; r < n; r++) {
                    if (r == col) {
                        continue;
                    }
                    // factor = A[r, col] / A[col, col]
                    double fr = (ar[r * n + col] * pr + ai[r * n + col] * pi) / norm;
                    double fi = (ai[r * n + col] * pr - ar[r * n + col] * pi) / norm;
                    for (int c = 0; c < n; c++) {
                        double xr = ar[col * n + c];
                        double xi = ai[col * n + c];
                        ar[r * n + c] -= fr * xr - fi * xi;
                        ai[r * n + c] -= fr * xi + fi * xr;
                    }
                    for (int c = 0; c < m; c++) {
                        double xr = bRe[col * m + c];
                        double xi = bIm[col * m + c];
                        bRe[r * m + c] -= fr * xr - fi * xi;
                        bIm[r * m + c] -= fr * xi + fi * xr;
                    }
                }
            }
            for (int r = 0; r < n; r++) {
                double pr = ar[r * n + r];
                double pi = ai[r * n + r];
                double norm = pr * pr + pi * pi;
                for (int c = 0; c < m; c++) {
                    double xr = bRe[r * m + c];
                    double xi = bIm[r * m + c];
                    bRe[r * m + c] = (xr * pr + xi * pi) / norm;
                    bIm[r * m + c] = (xi * pr - xr * pi) / norm;
                }
            }
        }

        private static void swapRows(double[] re, double[] im, int width, int a, int b) {
            if (a == b) {
                return;
            }
            for (int c = 0; c < width; c++) {
                double t = re[a * width + c];
                re[a * width + c] = re[b * width + c];
                re[b * width + c] = t;
                t = im[a * width + c];
                im[a * width + c] = im[b * width + c];
                im[b * width + c] = t;
            }
        }
    }
}
