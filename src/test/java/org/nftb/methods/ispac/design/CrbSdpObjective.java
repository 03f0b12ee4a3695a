package org.nftb.methods.ispac.design;

import cern.colt.matrix.DoubleMatrix1D;
import cern.colt.matrix.DoubleMatrix2D;
import cern.colt.matrix.impl.DenseDoubleMatrix1D;
import cern.colt.matrix.impl.DenseDoubleMatrix2D;
import com.joptimizer.functions.ConvexMultivariateRealFunction;
import org.nftb.linalg.Cx;
import org.nftb.linalg.Herm;

/**
 * What the JOptimizer cross-checks of the covariance steps share: tr CRB (through {@link CrbForm}) as a convex
 * function of the n² real parameters of an n × n Hermitian matrix S ({@link Herm}'s order), written for JOptimizer.
 * The variable holds {@code blocks} such matrices and S is their sum (the downlink's S = R_d + W), so the gradient
 * and Hessian repeat over the blocks. The value is scaled by its value at S = I/n so that the solver's tolerance
 * means the same for every instance ({@link #scale()} undoes it).
 */
final class CrbSdpObjective implements ConvexMultivariateRealFunction {
    private final CrbForm crb;
    private final int np;
    private final int blocks;
    private final double[][] l;      // κ = L s: PARAMS × n²
    private final double scale;

    /**
     * @param u the three vectors whose forms {@code Re/Im u_aᴴ S u_b} make κ ({@link CrbForm}'s parameters)
     */
    CrbSdpObjective(CrbForm crb, double[][] u, int n, int blocks) {
        this.crb = crb;
        this.np = n * n;
        this.blocks = blocks;
        this.l = new double[CrbForm.PARAMS][np];
        double[] t = new double[2];
        for (int p = 0; p < np; p++) {
            double[] e = unit(p, n);
            int k = 3;
            for (int a = 0; a < 3; a++) {
                for (int b = a; b < 3; b++) {
                    Cx.form(u[a], e, u[b], n, t);
                    if (a == b) {
                        l[a][p] = t[0];
                    } else {
                        l[k++][p] = t[0];
                        l[k++][p] = t[1];
                    }
                }
            }
        }
        double[] iso = new double[CrbForm.PARAMS];
        for (int p = 0; p < CrbForm.PARAMS; p++) {
            for (int i = 0; i < n; i++) {
                iso[p] += l[p][i] / n;
            }
        }
        this.scale = crb.value(iso, null, null);
    }

    /** The Hermitian matrix (interleaved complex, n × n) of unit parameter {@code p}. */
    static double[] unit(int p, int n) {
        double[] x = new double[n * n];
        x[p] = 1;
        double[] e = new double[2 * n * n];
        Herm.toMatrix(x, 0, n, e);
        return e;
    }

    /** {@code Re vᴴ E_p v} for every parameter p: the linear form S ↦ vᴴ S v. */
    static double[] forms(double[] v, int n) {
        double[] out = new double[n * n];
        double[] t = new double[2];
        for (int p = 0; p < n * n; p++) {
            Cx.form(v, unit(p, n), v, n, t);
            out[p] = t[0];
        }
        return out;
    }

    /** Writes −E_p's real embedding [[Re, −Im], [Im, Re]] into {@code f} at row and column {@code offset}. */
    static void embedNegated(int p, int n, double[][] f, int offset) {
        double[] e = unit(p, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double re = e[2 * (i * n + j)];
                double im = e[2 * (i * n + j) + 1];
                f[offset + i][offset + j] = -re;
                f[offset + i][offset + n + j] = im;
                f[offset + n + i][offset + j] = -im;
                f[offset + n + i][offset + n + j] = -re;
            }
        }
    }

    /** The value of tr CRB at S = I/n, by which {@link #value} is divided. */
    double scale() {
        return scale;
    }

    private double[] kappa(DoubleMatrix1D x) {
        double[] k = new double[CrbForm.PARAMS];
        for (int p = 0; p < CrbForm.PARAMS; p++) {
            for (int i = 0; i < np; i++) {
                double s = 0;
                for (int b = 0; b < blocks; b++) {
                    s += x.get(b * np + i);
                }
                k[p] += l[p][i] * s;
            }
        }
        return k;
    }

    @Override
    public double value(DoubleMatrix1D x) {
        return crb.value(kappa(x), null, null) / scale;
    }

    @Override
    public DoubleMatrix1D gradient(DoubleMatrix1D x) {
        double[] gk = new double[CrbForm.PARAMS];
        crb.value(kappa(x), gk, null);
        double[] out = new double[blocks * np];
        for (int i = 0; i < np; i++) {
            double v = 0;
            for (int p = 0; p < CrbForm.PARAMS; p++) {
                v += gk[p] * l[p][i] / scale;
            }
            for (int b = 0; b < blocks; b++) {
                out[b * np + i] = v;
            }
        }
        return new DenseDoubleMatrix1D(out);
    }

    @Override
    public DoubleMatrix2D hessian(DoubleMatrix1D x) {
        double[] gk = new double[CrbForm.PARAMS];
        double[] hk = new double[CrbForm.PARAMS * CrbForm.PARAMS];
        crb.value(kappa(x), gk, hk);
        double[][] out = new double[blocks * np][blocks * np];
        for (int i = 0; i < np; i++) {
            for (int j = 0; j < np; j++) {
                double v = 0;
                for (int p = 0; p < CrbForm.PARAMS; p++) {
                    for (int q = 0; q < CrbForm.PARAMS; q++) {
                        v += l[p][i] * hk[p * CrbForm.PARAMS + q] * l[q][j];
                    }
                }
                for (int a = 0; a < blocks; a++) {
                    for (int b = 0; b < blocks; b++) {
                        out[a * np + i][b * np + j] = v / scale;
                    }
                }
            }
        }
        return new DenseDoubleMatrix2D(out);
    }

    @Override
    public int getDim() {
        return blocks * np;
    }
}
