package org.nftb.calibration;

import org.nftb.model.ElementArray;
import org.nftb.calibration.table.ChainWeights;

import java.util.Arrays;

/**
 * Transmit-chain (and receive) weights from orthogonal per-element transmit signals reflected by a stationary
 * reflector at a known position: the separated Tx/Rx geometry of seed 000, where every transmit element j has its
 * own chain error v_j.
 *
 * <p>Transmit element j sends the Walsh–Hadamard code {@code c_j[l] = H[j, l]} (±1, period L, the smallest power of
 * two ≥ the transmit element count) repeated; the reflector at p returns on receive element n
 * {@code y_n[k] = A w_n a_n Σ_j v_j f_j c_j[k] + z}, with {@code a_n = e^{−jk|p − e_n|}} (the receive path, as
 * {@link org.nftb.model.ElementRangeModel}) and {@code f_j = e^{−jk(|p − t_j| − |p − t_ref|)}} (the transmit array
 * factor relative to its reference point, as the simulated array's reflect path). Correlating with each code,
 * {@code z_nj = (1/RL) Σ y_n[k] c_j[k] = A w_n a_n v_j f_j}: a rank-one matrix once the known geometry is divided out,
 * {@code Z'_nj = z_nj / (a_n f_j) = A w_n v_j}, fitted by alternating least squares (its dominant singular pair).
 * The noise per entry comes from the fit's residual; each w_n is averaged over all transmit chains and each v_j
 * over all receive elements.
 *
 * <p>This works on the raw received samples: the matched-filter front end of seed 000's MIMO estimator (issue
 * "Seed 000: joint near-field location and velocity") does not exist yet, so the decoding is done here. The
 * captured window must start on a code period boundary (the rig aligns it by device time).
 *
 * <p>Allocates; thread-safe (no state).
 */
public final class TxChainFit {
    private TxChainFit() {
    }

    /**
     * @param rx W of the receive elements (normalized, with uncertainty)
     * @param tx V of the transmit chains (normalized, with uncertainty)
     * @param snrDb SNR of one decoded entry {@code z_nj} (signal power over the fit's residual variance), dB
     */
    public record Result(ChainWeights rx, ChainWeights tx, double snrDb) {
    }

    /** Code period for {@code txElements} transmit elements: the smallest power of two ≥ it. */
    public static int period(int txElements) {
        return Math.max(1, Integer.highestOneBit(Math.max(1, txElements) - 1) << 1);
    }

    /** Walsh–Hadamard chip {@code H[j, l]} (Sylvester order): {@code (−1)^{popcount(j & l)}}. */
    public static int chip(int j, int l) {
        return Integer.bitCount(j & l) % 2 == 0 ? 1 : -1;
    }

    /**
     * The burst: one channel per transmit element, {@code periods} code periods, amplitude 1 (interleaved cf32).
     */
    public static float[][] codes(int txElements, int periods) {
        int l = period(txElements);
        float[][] x = new float[txElements][2 * l * periods];
        for (int j = 0; j < txElements; j++) {
            for (int k = 0; k < l * periods; k++) {
                x[j][2 * k] = chip(j, k % l);
            }
        }
        return x;
    }

    /**
     * @param y           received samples per receive element (interleaved), a whole number of code periods from a
     *                    period boundary
     * @param rx          receive array
     * @param tx          transmit array
     * @param reflectorXM reflector x, metres
     * @param reflectorYM reflector y, metres
     */
    public static Result fit(float[][] y, ElementArray rx, ElementArray tx, double wavelengthM, double reflectorXM,
                             double reflectorYM) {
        int n = rx.count();
        int m = tx.count();
        int l = period(m);
        int periods = y[0].length / 2 / l;
        if (periods < 1) {
            throw new IllegalArgumentException("need at least one code period of " + l + " samples");
        }
        double k = 2 * Math.PI / wavelengthM;
        double refT = Math.hypot(reflectorXM - tx.referenceXM(), reflectorYM - tx.referenceYM());
        double[][] z = new double[n][2 * m];
        double[] fold = new double[2 * l];
        for (int e = 0; e < n; e++) {
            Arrays.fill(fold, 0);
            for (int r = 0; r < periods; r++) {
                for (int i = 0; i < 2 * l; i++) {
                    fold[i] += y[e][2 * r * l + i];
                }
            }
            double pa = k * Math.hypot(reflectorXM - rx.xM(e), reflectorYM - rx.yM(e));   // divide by a_n
            for (int j = 0; j < m; j++) {
                double re = 0;
                double im = 0;
                for (int i = 0; i < l; i++) {
                    int c = chip(j, i);
                    re += c * fold[2 * i];
                    im += c * fold[2 * i + 1];
                }
                re /= (double) periods * l;
                im /= (double) periods * l;
                double ph = pa + k * (Math.hypot(reflectorXM - tx.xM(j), reflectorYM - tx.yM(j)) - refT);
                double cs = Math.cos(ph);
                double sn = Math.sin(ph);
                z[e][2 * j] = re * cs - im * sn;
                z[e][2 * j + 1] = re * sn + im * cs;
            }
        }
        double[][] g = new double[m][2 * n];   // as pilots × elements for the rank-one fit: G_jn = Z'_nj
        double[][] var = new double[m][n];
        for (int j = 0; j < m; j++) {
            for (int e = 0; e < n; e++) {
                g[j][2 * e] = z[e][2 * j];
                g[j][2 * e + 1] = z[e][2 * j + 1];
                var[j][e] = 1;
            }
        }
        double[] w = new double[2 * n];
        double[] v = new double[2 * m];
        for (int e = 0; e < n; e++) {
            w[2 * e] = 1;
        }
        PilotFit.rankOne(g, var, w, v);
        double res = 0;
        double sig = 0;
        for (int j = 0; j < m; j++) {
            for (int e = 0; e < n; e++) {
                double mr = v[2 * j] * w[2 * e] - v[2 * j + 1] * w[2 * e + 1];
                double mi = v[2 * j] * w[2 * e + 1] + v[2 * j + 1] * w[2 * e];
                double dr = g[j][2 * e] - mr;
                double di = g[j][2 * e + 1] - mi;
                res += dr * dr + di * di;
                sig += mr * mr + mi * mi;
            }
        }
        int dof = Math.max(1, n * m - n - m + 1);
        double noise = res / dof;
        double[] stdW = new double[n];
        double[] stdV = new double[m];
        double vv = 0;
        for (int j = 0; j < m; j++) {
            vv += v[2 * j] * v[2 * j] + v[2 * j + 1] * v[2 * j + 1];
        }
        double ww = 0;
        for (int e = 0; e < n; e++) {
            ww += w[2 * e] * w[2 * e] + w[2 * e + 1] * w[2 * e + 1];
        }
        Arrays.fill(stdW, Math.sqrt(noise / vv));
        Arrays.fill(stdV, Math.sqrt(noise / ww));
        double snr = 10 * Math.log10(sig / (n * m) / noise);
        return new Result(ChainWeights.withComplexStd(w, stdW).normalized(),
                ChainWeights.withComplexStd(v, stdV).normalized(), snr);
    }
}
