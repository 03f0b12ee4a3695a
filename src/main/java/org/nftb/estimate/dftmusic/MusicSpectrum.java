package org.nftb.estimate.dftmusic;

import org.nftb.model.CpiTiming;
import org.nftb.model.ElementArray;
import org.nftb.model.PropagationModel;

/**
 * The 1D MUSIC spectrum of seed 001 §IV-B, {@code P(x) = 1 / ‖U_nᴴ v(x)‖²}, evaluated without forming or
 * decomposing any covariance matrix.
 *
 * <p>Why this is equivalent. With one CPI the paper's snapshot is the vectorized {@code y = vec(Y) ∈ C^{NM}}
 * and {@code R = y yᴴ} has rank one, so the signal subspace is spanned by {@code u = y/‖y‖} and the noise
 * subspace is its orthogonal complement: {@code U_n U_nᴴ = I - u uᴴ}. For a steering vector normalized to
 * {@code ‖v‖ = 1}, {@code ‖U_nᴴ v‖² = 1 - |uᴴ v|²}, hence
 * {@code P(x) = 1 / (1 - |yᴴ v(x)|² / (‖y‖² ‖v(x)‖²))}, a monotone function of the normalized correlation
 * (which is also the concentrated likelihood with an unknown complex gain). The paper's
 * {@code O((NM)³)} eigendecomposition becomes {@code O(NM)} per grid point, with no matrix at all.
 * (Reading the paper's {@code R = Y Yᴴ} as an {@code N × N} covariance with the M symbols as snapshots would
 * not work: the Doppler phase differs per element, so the symbols are not snapshots of one spatial signature.)
 *
 * <p>The steering vector is the exact model of {@link org.nftb.model.ElementRangeModel}:
 * {@code v[n,m] = exp(-jν (r⁽ⁿ⁾ + t_m v⁽ⁿ⁾))}, {@code t_m} from {@link CpiTiming}; per element it is a geometric sequence in m, so
 * {@code Σ_m conj(y[n,m]) zⁿᵐ} is one Horner pass. Kernel: no allocation after construction, not thread-safe.
 */
final class MusicSpectrum {
    private final ElementArray rx;
    private final PropagationModel model;
    private final double[] path;
    private final double[] rate;
    private final int channels;
    private final int symbols;
    private final double wavenumber;
    private final double symbolPeriodS;
    private final double firstSymbolTimeS;
    private final double[] conjY;
    private double energy;
    private int evaluations;

    MusicSpectrum(PropagationModel model, ElementArray rx, double symbolPeriodS, int symbols) {
        this.rx = rx;
        this.model = model;
        this.channels = model.channelCount();
        this.path = new double[channels];
        this.rate = new double[channels];
        double wavelengthM = model.wavelengthM();
        this.symbols = symbols;
        this.wavenumber = 2 * Math.PI / wavelengthM;
        this.symbolPeriodS = symbolPeriodS;
        this.firstSymbolTimeS = CpiTiming.symbolTimeS(0, symbols, symbolPeriodS);
        this.conjY = new double[2 * channels * symbols];
    }

    /** Loads a calibrated snapshot (interleaved, channel-major). */
    void load(float[] snapshot) {
        double e = 0;
        for (int i = 0; i < conjY.length; i += 2) {
            conjY[i] = snapshot[i];
            conjY[i + 1] = -snapshot[i + 1];
            e += conjY[i] * conjY[i] + conjY[i + 1] * conjY[i + 1];
        }
        energy = e;
        evaluations = 0;
    }

    /** ‖y‖² of the loaded snapshot. */
    double energy() {
        return energy;
    }

    /** Evaluations since the last {@link #load}. */
    int evaluations() {
        return evaluations;
    }

    /**
     * Normalized correlation {@code |yᴴ v|² / (‖y‖² ‖v‖²)} in [0, 1] for the polar parameters seen from the
     * array reference point.
     */
    double fit(double angleRad, double rangeM, double radialMps, double transverseMps) {
        evaluations++;
        double s = Math.sin(angleRad);
        double c = Math.cos(angleRad);
        double px = rx.referenceXM() + rangeM * s;
        double py = rx.referenceYM() + rangeM * c;
        double vx = radialMps * s + transverseMps * c;
        double vy = radialMps * c - transverseMps * s;
        model.paths(px, py, vx, vy, path, rate);
        double totalRe = 0;
        double totalIm = 0;
        for (int n = 0; n < channels; n++) {
            double rho = path[n];
            double pathRate = rate[n];
            double stepPhase = -wavenumber * pathRate * symbolPeriodS;
            double zr = Math.cos(stepPhase);
            double zi = Math.sin(stepPhase);
            // Σ_m conj(y[n,m]) z^m by Horner in two interleaved chains (even and odd m, in z²) to halve the
            // dependency chain; combined as even + z·odd
            double z2r = zr * zr - zi * zi;
            double z2i = 2 * zr * zi;
            int first = 2 * n * symbols;
            int last = symbols - 1;
            int lastEven = (last & 1) == 0 ? last : last - 1;
            int lastOdd = (last & 1) == 1 ? last : last - 1;
            double eRe = 0;
            double eIm = 0;
            double oRe = 0;
            double oIm = 0;
            for (int m = lastEven; m >= 0; m -= 2) {
                int i = first + 2 * m;
                double nr = eRe * z2r - eIm * z2i + conjY[i];
                eIm = eRe * z2i + eIm * z2r + conjY[i + 1];
                eRe = nr;
            }
            for (int m = lastOdd; m >= 1; m -= 2) {
                int i = first + 2 * m;
                double nr = oRe * z2r - oIm * z2i + conjY[i];
                oIm = oRe * z2i + oIm * z2r + conjY[i + 1];
                oRe = nr;
            }
            double accRe = eRe + zr * oRe - zi * oIm;
            double accIm = eIm + zr * oIm + zi * oRe;
            // relative to the reference range: a common phase leaves |yᴴv| unchanged and keeps sin/cos arguments
            // small (fast range reduction)
            double phase0 = -wavenumber * (rho - rangeM + pathRate * firstSymbolTimeS);
            double ar = Math.cos(phase0);
            double ai = Math.sin(phase0);
            totalRe += ar * accRe - ai * accIm;
            totalIm += ar * accIm + ai * accRe;
        }
        double vNorm2 = (double) channels * symbols;
        return energy > 0 ? (totalRe * totalRe + totalIm * totalIm) / (energy * vNorm2) : 0;
    }

    /** The MUSIC pseudo-spectrum {@code 1 / ‖U_nᴴ v̂‖²} for a fit value. */
    static double pseudoSpectrum(double fit) {
        return 1 / Math.max(1e-300, 1 - fit);
    }
}
