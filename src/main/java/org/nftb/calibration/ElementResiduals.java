package org.nftb.calibration;

import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.SpaceTimeSignal;

import java.util.Arrays;

/**
 * The per-element error left in calibrated data, measured against a target whose state is known or estimated: the
 * step of Weiss–Friedlander eigenstructure self-calibration that updates the gains and phases with the target
 * parameters fixed, for one target (rank one: the noise-subspace cost {@code ‖U_nᴴ Γ s‖²} is minimised by
 * {@code Γ_n ∝ Σ_m y[n, m] s*[n, m]}).
 *
 * <p>Per CPI: {@code s[n, m] = e^{−j2π/λ (L_n + t_m L̇_n)}} (the exact model, {@link SpaceTimeSignal}, {@code t_m} from
 * the CPI centre), {@code g_n = (1/M) Σ_m y[n, m] s*[n, m]}, the common gain {@code α = (1/N) Σ_n g_n}, and the CPI's
 * estimate {@code e_n = g_n / α}; over K CPIs the mean {@code ē_n} and its standard error from the spread of the
 * {@code e_n}. A perfectly calibrated array gives {@code ē_n = 1}.
 *
 * <p><b>What one target cannot show.</b> A phase error that grows along the array like the path-length derivatives
 * {@code ∂L_n/∂x}, {@code ∂L_n/∂y} is indistinguishable from the target sitting elsewhere (an angle or range shift:
 * the estimator moves the target instead), and a common phase from the target's own phase. {@link #residual} removes
 * the projection of the phases onto {1, ∂L/∂x, ∂L/∂y} at the last target position, and the mean of the amplitudes
 * in dB: what is left is observable. (Their first-order span; it is exact for small errors, which is what a drift
 * watch and a re-reference see.)
 *
 * <p>{@link #add} allocates nothing. Not thread-safe.
 */
public final class ElementResiduals {
    private final ElementArray rx;
    private final ElementRangeModel model;
    private final double wavelengthM;
    private final int channels;
    private final int symbols;
    private final double symbolPeriodS;
    private final double[] path;
    private final double[] rate;
    private final double[] signal;
    private final double[] g;
    private final double[] sum;
    private final double[] sumSq;
    private int count;
    private double lastX = Double.NaN;
    private double lastY = Double.NaN;
    private double lastAmplitude = Double.NaN;
    private int lastSamplesPerSymbol = 1;

    public ElementResiduals(ElementArray rx, double wavelengthM, int symbols, double symbolPeriodS) {
        this.rx = rx;
        this.model = new ElementRangeModel(rx, wavelengthM);
        this.wavelengthM = wavelengthM;
        this.channels = rx.count();
        this.symbols = symbols;
        this.symbolPeriodS = symbolPeriodS;
        this.path = new double[channels];
        this.rate = new double[channels];
        this.signal = new double[2 * channels * symbols];
        this.g = new double[2 * channels];
        this.sum = new double[2 * channels];
        this.sumSq = new double[channels];
    }

    /** Forgets every CPI added. */
    public void reset() {
        Arrays.fill(sum, 0);
        Arrays.fill(sumSq, 0);
        count = 0;
    }

    /** CPIs added since the last reset. */
    public int count() {
        return count;
    }

    /**
     * Adds one CPI: {@code y} holds {@code N × M × S} samples (S consecutive samples per symbol, averaged), element-
     * major, interleaved, starting at {@code offset}; the target's state (x, y, vx, vy) is the one at the CPI centre.
     * Returns false (and adds nothing) when the CPI holds no signal along the model.
     */
    public boolean add(float[] y, int offset, int samplesPerSymbol, double xM, double yM, double vxMps, double vyMps) {
        prepare(xM, yM, vxMps, vyMps);
        lastSamplesPerSymbol = samplesPerSymbol;
        int perChannel = symbols * samplesPerSymbol;
        for (int n = 0; n < channels; n++) {
            double gr = 0;
            double gi = 0;
            for (int m = 0; m < symbols; m++) {
                double yr = 0;
                double yi = 0;
                int at = offset + 2 * (n * perChannel + m * samplesPerSymbol);
                for (int k = 0; k < samplesPerSymbol; k++) {
                    yr += y[at + 2 * k];
                    yi += y[at + 2 * k + 1];
                }
                double sr = signal[2 * (n * symbols + m)];
                double si = signal[2 * (n * symbols + m) + 1];
                gr += yr * sr + yi * si;
                gi += yi * sr - yr * si;
            }
            g[2 * n] = gr;
            g[2 * n + 1] = gi;
        }
        return accumulate();
    }

    /** {@link #add(float[], int, int, double, double, double, double)} for a snapshot of doubles (S = 1). */
    public boolean add(double[] y, double xM, double yM, double vxMps, double vyMps) {
        prepare(xM, yM, vxMps, vyMps);
        lastSamplesPerSymbol = 1;
        for (int n = 0; n < channels; n++) {
            double gr = 0;
            double gi = 0;
            for (int m = 0; m < symbols; m++) {
                int i = 2 * (n * symbols + m);
                gr += y[i] * signal[i] + y[i + 1] * signal[i + 1];
                gi += y[i + 1] * signal[i] - y[i] * signal[i + 1];
            }
            g[2 * n] = gr;
            g[2 * n + 1] = gi;
        }
        return accumulate();
    }

    private void prepare(double xM, double yM, double vxMps, double vyMps) {
        model.paths(xM, yM, vxMps, vyMps, path, rate);
        Arrays.fill(signal, 0);
        SpaceTimeSignal.accumulate(path, rate, channels, symbols, wavelengthM, symbolPeriodS, 1, 0, signal);
        lastX = xM;
        lastY = yM;
    }

    private boolean accumulate() {
        double ar = 0;
        double ai = 0;
        for (int n = 0; n < channels; n++) {
            ar += g[2 * n] / channels;
            ai += g[2 * n + 1] / channels;
        }
        double a2 = ar * ar + ai * ai;
        if (!(a2 > 0) || !Double.isFinite(a2)) {
            return false;
        }
        lastAmplitude = Math.sqrt(a2) / ((double) symbols * lastSamplesPerSymbol);
        for (int n = 0; n < channels; n++) {
            double er = (g[2 * n] * ar + g[2 * n + 1] * ai) / a2;
            double ei = (g[2 * n + 1] * ar - g[2 * n] * ai) / a2;
            sum[2 * n] += er;
            sum[2 * n + 1] += ei;
            sumSq[n] += er * er + ei * ei;
        }
        count++;
        return true;
    }

    /** |α| of the last CPI added: the target's amplitude per sample along the model (mean over the elements). */
    public double lastAmplitude() {
        return lastAmplitude;
    }

    /** The mean per-element error {@code ē_n} (interleaved; a new array). */
    public double[] mean() {
        double[] out = new double[2 * channels];
        for (int i = 0; i < out.length; i++) {
            out[i] = sum[i] / count;
        }
        return out;
    }

    /** Complex standard error of {@code ē_n} from the spread between CPIs (NaN with fewer than two CPIs). */
    public double[] standardError() {
        double[] out = new double[channels];
        for (int n = 0; n < channels; n++) {
            if (count < 2) {
                out[n] = Double.NaN;
                continue;
            }
            double mr = sum[2 * n] / count;
            double mi = sum[2 * n + 1] / count;
            double var = Math.max(0, sumSq[n] / count - (mr * mr + mi * mi)) * count / (count - 1.0);
            out[n] = Math.sqrt(var / count);
        }
        return out;
    }

    /** The observable part of {@code e} (see the class comment), at the last target position added. */
    public double[] residual(double[] e) {
        return observable(rx, lastX, lastY, e);
    }

    /**
     * {@code e} (interleaved, near 1) with the phase components along {1, ∂L/∂x, ∂L/∂y} at target position (x, y)
     * and the mean amplitude in dB removed. Phases are taken in (−π, π]: {@code e} must be within half a turn of 1.
     */
    public static double[] observable(ElementArray rx, double xM, double yM, double[] e) {
        int n = rx.count();
        double[][] basis = new double[3][n];
        for (int i = 0; i < n; i++) {
            double dx = xM - rx.xM(i);
            double dy = yM - rx.yM(i);
            double r = Math.hypot(dx, dy);
            basis[0][i] = 1;
            basis[1][i] = dx / r;
            basis[2][i] = dy / r;
        }
        // Gram–Schmidt; a direction that is (numerically) in the span of the earlier ones is dropped
        for (int b = 0; b < 3; b++) {
            for (int a = 0; a < b; a++) {
                double dot = dot(basis[a], basis[b]);
                for (int i = 0; i < n; i++) {
                    basis[b][i] -= dot * basis[a][i];
                }
            }
            double norm = Math.sqrt(dot(basis[b], basis[b]));
            for (int i = 0; i < n; i++) {
                basis[b][i] = norm > 1e-9 * Math.sqrt(n) ? basis[b][i] / norm : 0;
            }
        }
        double[] phase = new double[n];
        double[] db = new double[n];
        double meanDb = 0;
        for (int i = 0; i < n; i++) {
            phase[i] = Math.atan2(e[2 * i + 1], e[2 * i]);
            db[i] = 20 * Math.log10(Math.hypot(e[2 * i], e[2 * i + 1]));
            meanDb += db[i] / n;
        }
        for (double[] b : basis) {
            double dot = dot(b, phase);
            for (int i = 0; i < n; i++) {
                phase[i] -= dot * b[i];
            }
        }
        double[] out = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double a = Math.pow(10, (db[i] - meanDb) / 20);
            out[2 * i] = a * Math.cos(phase[i]);
            out[2 * i + 1] = a * Math.sin(phase[i]);
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
