// Over 400 lines: one kernel evaluates both motion models on the same loaded data, residual bookkeeping and path
// arrays (paths, rates, accelerations and their Jacobians); split in two, every call would pass a dozen arrays.
package org.nftb.methods.dftmusic;

import org.nftb.model.CpiTiming;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PolarJacobian;
import org.nftb.model.PropagationModel;

import java.util.Arrays;

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
 * {@code v[n,m] = exp(-jν (r⁽ⁿ⁾ − r + t_m v⁽ⁿ⁾))}, {@code t_m} from {@link CpiTiming} (the common phase
 * {@code ν r} leaves |yᴴv| unchanged); per element it is a geometric sequence in m, so {@code Σ_m conj(y[n,m]) zⁿᵐ}
 * is one Horner pass, here in four interleaved chains (m mod 4, in z⁴) so that the multiply-adds do not wait on
 * each other. The two phasors per element come from {@link SinCos}.
 *
 * <p><b>Straight-line motion</b> ({@code curved}, the estimator's {@code motionModel: linear}): a target moving in a
 * straight line bends every element's path over the CPI; to second order in time
 * {@code v[n,m] = exp(-jk (L_n − r + L̇_n t_m + ½ L̈_n t_m²))} with {@code L̈_n = (|v|² − L̇_n²)/L_n}
 * ({@link ElementRangeModel#pathAcceleration}; the third-order term it leaves moves the closest, fastest target of
 * the valid region by 0.09 CRB standard deviations at processed SNR 50 dB, {@code DftMusicMotionModelTest}). The
 * quadratic phase breaks the geometric sequence, so {@link #fit}, {@link #fitGradient} and {@link #subtract} run
 * forwards over a chirp advanced by recurrence ({@link Chirp}): three complex products per sample instead of
 * Horner's one. Grid scans use {@link #anchoredFit} instead (the curvature of a nearby state removed from the data
 * once, then Horner again), so the straight-line model costs about what seed 001's does per CPI. The estimates
 * refer to the CPI centre of a target moving in a straight line.
 *
 * <p>For several targets (successive cancellation) the spectrum works on a residual: {@link #subtract} removes
 * {@code ĝ v̂} of a target found, {@link #restore} returns to the loaded snapshot. Kernel: no allocation after
 * construction, not thread-safe.
 */
public final class MusicSpectrum {
    private final ElementArray rx;
    private final PropagationModel model;
    private final double[] path;
    private final double[] rate;
    private final int channels;
    private final int symbols;
    private final double wavenumber;
    private final double symbolPeriodS;
    private final double firstSymbolTimeS;
    private final double[] loaded;
    private final double[] conjY;
    private final SinCos phasor = new SinCos();
    private final double[] dPath;
    private final double[] dRate;
    private final double[] jacobian = new double[16];
    /** Second-order paths (straight-line motion), or null for seed 001's model (paths linear in time). */
    private final ElementRangeModel curved;
    private final double[] accel;
    private final double[] dAccel;
    /** t_m and t_m² of every symbol. */
    private final double[] times;
    private final double[] times2;
    private final Chirp chirp = new Chirp();
    /** The data with the anchor's quadratic phases removed (straight-line model only). */
    private final double[] work;
    private boolean anchored;
    /** ∂c/∂η_i (times j/k), interleaved, during a gradient. */
    private final double[] sums = new double[8];
    private double energy;
    private int evaluations;
    private double correlationRe;
    private double correlationIm;

    /** Seed 001's model: every element's path linear in time over the CPI. */
    public MusicSpectrum(PropagationModel model, ElementArray rx, double symbolPeriodS, int symbols) {
        this(model, null, rx, symbolPeriodS, symbols);
    }

    /** The straight-line model to second order in time (see the class comment). */
    public static MusicSpectrum curved(ElementRangeModel model, double symbolPeriodS, int symbols) {
        return new MusicSpectrum(model, model, model.array(), symbolPeriodS, symbols);
    }

    private MusicSpectrum(PropagationModel model, ElementRangeModel curved, ElementArray rx, double symbolPeriodS,
                          int symbols) {
        this.curved = curved;
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
        this.loaded = new double[2 * channels * symbols];
        this.conjY = new double[2 * channels * symbols];
        this.dPath = new double[4 * channels];
        this.dRate = new double[4 * channels];
        this.accel = new double[channels];
        this.dAccel = curved == null ? null : new double[4 * channels];
        this.work = curved == null ? null : new double[2 * channels * symbols];
        this.times = new double[symbols];
        this.times2 = new double[symbols];
        for (int m = 0; m < symbols; m++) {
            times[m] = CpiTiming.symbolTimeS(m, symbols, symbolPeriodS);
            times2[m] = times[m] * times[m];
        }
    }

    /** Whether the model is the straight-line one (second order in time). */
    public boolean isCurved() {
        return curved != null;
    }

    /** Loads a calibrated snapshot (interleaved, channel-major): the data every evaluation correlates with. */
    public void load(float[] snapshot) {
        for (int i = 0; i < conjY.length; i += 2) {
            loaded[i] = snapshot[i];
            loaded[i + 1] = -snapshot[i + 1];
        }
        restore();
        evaluations = 0;
    }

    /** Returns to the snapshot of the last {@link #load}, undoing every {@link #subtract}. */
    public void restore() {
        System.arraycopy(loaded, 0, conjY, 0, conjY.length);
        energy = measureEnergy();
        anchored = false;
    }

    private double measureEnergy() {
        double e = 0;
        for (int i = 0; i < conjY.length; i++) {
            e += conjY[i] * conjY[i];
        }
        return e;
    }

    /** ‖y‖² of the current data (the loaded snapshot, or the residual after {@link #subtract}). */
    public double energy() {
        return energy;
    }

    /** Samples N·M of a snapshot. */
    public double samples() {
        return (double) channels * symbols;
    }

    /** Evaluations since the last {@link #load}. */
    public int evaluations() {
        return evaluations;
    }

    /**
     * Counts an evaluation and fills {@link #path} and {@link #rate} (with {@code derivatives}, also their
     * Cartesian derivatives and the polar Jacobian) for the polar parameters seen from the reference point.
     */
    private void paths(double angleRad, double rangeM, double radialMps, double transverseMps, boolean derivatives) {
        evaluations++;
        double s = Math.sin(angleRad);
        double c = Math.cos(angleRad);
        double px = rx.referenceXM() + rangeM * s;
        double py = rx.referenceYM() + rangeM * c;
        double vx = radialMps * s + transverseMps * c;
        double vy = radialMps * c - transverseMps * s;
        model.paths(px, py, vx, vy, path, rate);
        double speedSquared = vx * vx + vy * vy;
        if (curved != null) {
            for (int n = 0; n < channels; n++) {
                accel[n] = ElementRangeModel.pathAcceleration(speedSquared, path[n], rate[n]);
            }
        }
        if (derivatives) {
            model.pathJacobians(px, py, vx, vy, dPath, dRate);
            if (curved != null) {
                curved.accelerationJacobians(px, py, vx, vy, dAccel);
            }
            PolarJacobian.fill(angleRad, rangeM, radialMps, transverseMps, jacobian);
        }
    }

    /**
     * Normalized correlation {@code |yᴴ v|² / (‖y‖² ‖v‖²)} in [0, 1] for the polar parameters seen from the
     * array reference point; {@link #correlationRe()} / {@link #correlationIm()} then hold {@code yᴴ v}.
     */
    public double fit(double angleRad, double rangeM, double radialMps, double transverseMps) {
        paths(angleRad, rangeM, radialMps, transverseMps, false);
        return curved != null ? curvedFit(rangeM) : hornerFit(conjY, rangeM);
    }

    /**
     * The straight-line model's curvature frozen at the last {@link #anchor}: each element's quadratic phase
     * {@code ½ L̈ t²} is taken at the anchor's state and removed from the data once ({@code work = conj(y) ·
     * exp(−jk ½ L̈ t²)}), so every evaluation near it is Horner's geometric sum again, as fast as seed 001's model.
     * At the anchor it equals {@link #fit}; a cell away it differs by the change of curvature, a small fraction of
     * the model's own mismatch. Grid scans use it; Fisher scoring re-anchors at every step with the exact gradient
     * ({@link #fitGradient}), so the point it converges to is the exact model's peak. For seed 001's model it is
     * {@link #fit}.
     *
     * @throws IllegalStateException when the data changed since the last anchor (load, restore, subtract)
     */
    public double anchoredFit(double angleRad, double rangeM, double radialMps, double transverseMps) {
        if (curved == null) {
            return fit(angleRad, rangeM, radialMps, transverseMps);
        }
        if (!anchored) {
            throw new IllegalStateException("anchor() the curvature after loading or changing the data");
        }
        paths(angleRad, rangeM, radialMps, transverseMps, false);
        return hornerFit(work, rangeM);
    }

    /** Takes the curvature of the straight-line model at this state for {@link #anchoredFit} (no-op when frozen). */
    public void anchor(double angleRad, double rangeM, double radialMps, double transverseMps) {
        if (curved == null) {
            return;
        }
        paths(angleRad, rangeM, radialMps, transverseMps, false);
        for (int n = 0; n < channels; n++) {
            chirp.set(0, -0.5 * wavenumber * accel[n], firstSymbolTimeS, symbolPeriodS);
            chirp.multiply(conjY, work, 2 * n * symbols, symbols);
        }
        anchored = true;
    }

    /** Horner's evaluation of the linear-in-time model on {@code data} (conjugated, channel-major). */
    private double hornerFit(double[] data, double rangeM) {
        double totalRe = 0;
        double totalIm = 0;
        for (int n = 0; n < channels; n++) {
            double pathRate = rate[n];
            phasor.set(-wavenumber * pathRate * symbolPeriodS);
            double zr = phasor.cos;
            double zi = phasor.sin;
            double accRe;
            double accIm;
            if ((symbols & 3) == 0) {
                // Σ_m conj(y[n,m]) z^m in four chains over m ≡ j (mod 4), each by Horner in z⁴
                double z2r = zr * zr - zi * zi;
                double z2i = 2 * zr * zi;
                double z4r = z2r * z2r - z2i * z2i;
                double z4i = 2 * z2r * z2i;
                double aR = 0, aI = 0, bR = 0, bI = 0, cR = 0, cI = 0, dR = 0, dI = 0;
                int base = 2 * n * symbols;
                for (int m = symbols - 4; m >= 0; m -= 4) {
                    int i = base + 2 * m;
                    double t;
                    t = aR * z4r - aI * z4i + data[i];
                    aI = aR * z4i + aI * z4r + data[i + 1];
                    aR = t;
                    t = bR * z4r - bI * z4i + data[i + 2];
                    bI = bR * z4i + bI * z4r + data[i + 3];
                    bR = t;
                    t = cR * z4r - cI * z4i + data[i + 4];
                    cI = cR * z4i + cI * z4r + data[i + 5];
                    cR = t;
                    t = dR * z4r - dI * z4i + data[i + 6];
                    dI = dR * z4i + dI * z4r + data[i + 7];
                    dR = t;
                }
                // a + z b + z² c + z³ d = (a + z² c) + z (b + z² d)
                double eR = aR + z2r * cR - z2i * cI;
                double eI = aI + z2r * cI + z2i * cR;
                double oR = bR + z2r * dR - z2i * dI;
                double oI = bI + z2r * dI + z2i * dR;
                accRe = eR + zr * oR - zi * oI;
                accIm = eI + zr * oI + zi * oR;
            } else {
                accRe = 0;
                accIm = 0;
                int base = 2 * n * symbols;
                for (int m = symbols - 1; m >= 0; m--) {
                    int i = base + 2 * m;
                    double t = accRe * zr - accIm * zi + data[i];
                    accIm = accRe * zi + accIm * zr + data[i + 1];
                    accRe = t;
                }
            }
            // relative to the reference range: a common phase leaves |yᴴv| unchanged and keeps the argument small
            phasor.set(-wavenumber * (path[n] - rangeM + pathRate * firstSymbolTimeS));
            double ar = phasor.cos;
            double ai = phasor.sin;
            totalRe += ar * accRe - ai * accIm;
            totalIm += ar * accIm + ai * accRe;
        }
        correlationRe = totalRe;
        correlationIm = totalIm;
        double vNorm2 = (double) channels * symbols;
        return energy > 0 ? (totalRe * totalRe + totalIm * totalIm) / (energy * vNorm2) : 0;
    }

    /**
     * The fit and its gradient with respect to (θ, r, v_r, v_θ), for Fisher scoring. With
     * {@code c = yᴴv = Σ_n e^{jφ_n} A_n}, {@code A_n = Σ_m conj(y[n,m]) z_nᵐ}, {@code B_n = Σ_m m conj(y[n,m]) z_nᵐ}
     * (one Horner pass for A_n and its derivative) and {@code ∂v/∂η_i = −jk(∂L_n/∂η_i + t_m ∂L̇_n/∂η_i) v}:
     * {@code ∂c/∂η_i = −jk Σ_n e^{jφ_n}[(∂L_n/∂η_i + t_0 ∂L̇_n/∂η_i) A_n + T ∂L̇_n/∂η_i B_n]} and
     * {@code ∂F/∂η_i = 2 Re{conj(c) ∂c/∂η_i}/(‖y‖² NM)}. The common phase {@code +k r} of v adds {@code jk c}
     * to ∂c/∂r, which leaves F unchanged, and is left out.
     *
     * @param gradient out: ∂F/∂η, 4 values
     * @return the fit F (as {@link #fit}, whose correlation it also sets)
     */
    public double fitGradient(double angleRad, double rangeM, double radialMps, double transverseMps,
                              double[] gradient) {
        paths(angleRad, rangeM, radialMps, transverseMps, true);
        if (curved != null) {
            return curvedFitGradient(rangeM, gradient);
        }
        double totalRe = 0;
        double totalIm = 0;
        Arrays.fill(sums, 0);
        for (int n = 0; n < channels; n++) {
            double pathRate = rate[n];
            phasor.set(-wavenumber * pathRate * symbolPeriodS);
            double zr = phasor.cos;
            double zi = phasor.sin;
            double pRe = 0;
            double pIm = 0;
            double dRe = 0;
            double dIm = 0;
            int base = 2 * n * symbols;
            for (int m = symbols - 1; m >= 0; m--) {
                int i = base + 2 * m;
                // P' ← P' z + P, then P ← P z + c_m
                double t = dRe * zr - dIm * zi + pRe;
                dIm = dRe * zi + dIm * zr + pIm;
                dRe = t;
                t = pRe * zr - pIm * zi + conjY[i];
                pIm = pRe * zi + pIm * zr + conjY[i + 1];
                pRe = t;
            }
            // B = z P'(z)
            double bRe = zr * dRe - zi * dIm;
            double bIm = zr * dIm + zi * dRe;
            phasor.set(-wavenumber * (path[n] - rangeM + pathRate * firstSymbolTimeS));
            double ar = phasor.cos;
            double ai = phasor.sin;
            double aRe = ar * pRe - ai * pIm;     // e^{jφ} A
            double aIm = ar * pIm + ai * pRe;
            double eRe = ar * bRe - ai * bIm;     // e^{jφ} B
            double eIm = ar * bIm + ai * bRe;
            totalRe += aRe;
            totalIm += aIm;
            int k = 4 * n;
            for (int p = 0; p < 4; p++) {
                double dl = 0;
                double dr = 0;
                for (int q = 0; q < 4; q++) {
                    dl += dPath[k + q] * jacobian[4 * q + p];
                    dr += dRate[k + q] * jacobian[4 * q + p];
                }
                double wa = dl + firstSymbolTimeS * dr;
                double wb = symbolPeriodS * dr;
                sums[2 * p] += wa * aRe + wb * eRe;
                sums[2 * p + 1] += wa * aIm + wb * eIm;
            }
        }
        return finishGradient(totalRe, totalIm, gradient);
    }

    /** {@link #fit} of the straight-line model (paths and accelerations filled). */
    private double curvedFit(double rangeM) {
        double totalRe = 0;
        double totalIm = 0;
        for (int n = 0; n < channels; n++) {
            setChirp(n);
            chirp.correlate(conjY, 2 * n * symbols, symbols);
            phasor.set(-wavenumber * (path[n] - rangeM));
            double ar = phasor.cos;
            double ai = phasor.sin;
            totalRe += ar * chirp.re - ai * chirp.im;
            totalIm += ar * chirp.im + ai * chirp.re;
        }
        correlationRe = totalRe;
        correlationIm = totalIm;
        double vNorm2 = (double) channels * symbols;
        return energy > 0 ? (totalRe * totalRe + totalIm * totalIm) / (energy * vNorm2) : 0;
    }

    private void setChirp(int n) {
        chirp.set(-wavenumber * rate[n], -0.5 * wavenumber * accel[n], firstSymbolTimeS, symbolPeriodS);
    }

    /**
     * {@link #fitGradient} of the straight-line model: {@code ∂v/∂η_i = −jk(∂L + t_m ∂L̇ + ½ t_m² ∂L̈) v}, so with
     * {@code S_p,n = Σ_m conj(y[n,m]) e_m t_mᵖ}: {@code ∂c/∂η_i = −jk Σ_n e^{jφ_n}(∂L_n S_0 + ∂L̇_n S_1 + ½ ∂L̈_n S_2)}.
     */
    private double curvedFitGradient(double rangeM, double[] gradient) {
        double totalRe = 0;
        double totalIm = 0;
        Arrays.fill(sums, 0);
        for (int n = 0; n < channels; n++) {
            setChirp(n);
            chirp.moments(conjY, 2 * n * symbols, symbols, times, times2);
            phasor.set(-wavenumber * (path[n] - rangeM));
            double ar = phasor.cos;
            double ai = phasor.sin;
            double u0r = ar * chirp.re - ai * chirp.im;
            double u0i = ar * chirp.im + ai * chirp.re;
            double u1r = ar * chirp.re1 - ai * chirp.im1;
            double u1i = ar * chirp.im1 + ai * chirp.re1;
            double u2r = ar * chirp.re2 - ai * chirp.im2;
            double u2i = ar * chirp.im2 + ai * chirp.re2;
            totalRe += u0r;
            totalIm += u0i;
            int k = 4 * n;
            for (int p = 0; p < 4; p++) {
                double dl = 0;
                double dv = 0;
                double da = 0;
                for (int q = 0; q < 4; q++) {
                    double j = jacobian[4 * q + p];
                    dl += dPath[k + q] * j;
                    dv += dRate[k + q] * j;
                    da += dAccel[k + q] * j;
                }
                da *= 0.5;
                sums[2 * p] += dl * u0r + dv * u1r + da * u2r;
                sums[2 * p + 1] += dl * u0i + dv * u1i + da * u2i;
            }
        }
        return finishGradient(totalRe, totalIm, gradient);
    }

    /** Sets the correlation and {@code ∂F/∂η_i = 2k Re{conj(c)(−j)G_i}/(‖y‖² NM)} from G_i in {@link #sums}. */
    private double finishGradient(double totalRe, double totalIm, double[] gradient) {
        correlationRe = totalRe;
        correlationIm = totalIm;
        double scale = energy > 0 ? 2 * wavenumber / (energy * channels * symbols) : 0;
        for (int p = 0; p < 4; p++) {
            // Re{conj(c) · (−j) G} = Re{c}·Im{G} − Im{c}·Re{G}
            gradient[p] = scale * (totalRe * sums[2 * p + 1] - totalIm * sums[2 * p]);
        }
        double vNorm2 = (double) channels * symbols;
        return energy > 0 ? (totalRe * totalRe + totalIm * totalIm) / (energy * vNorm2) : 0;
    }

    /** {@link #subtract} for the straight-line model: {@code conj(y) ← conj(y) − g conj(v)}. */
    private void subtractCurved(double rangeM, double gr, double gi) {
        for (int n = 0; n < channels; n++) {
            setChirp(n);
            phasor.set(-wavenumber * (path[n] - rangeM));
            chirp.subtract(conjY, 2 * n * symbols, symbols, phasor.cos, phasor.sin, gr, gi);
        }
    }

    /** Real part of {@code yᴴ v} at the last {@link #fit} (v with the phase relative to the reference range). */
    public double correlationRe() {
        return correlationRe;
    }

    /** Imaginary part of {@code yᴴ v} at the last {@link #fit}. */
    public double correlationIm() {
        return correlationIm;
    }

    /**
     * Removes the least-squares echo of a target from the current data: {@code y ← y − ĝ v} with
     * {@code ĝ = vᴴ y / ‖v‖²} (v as in {@link #fit}), and updates {@link #energy()}. Returns {@code |ĝ|²}, the
     * target's power per sample.
     */
    public double subtract(double angleRad, double rangeM, double radialMps, double transverseMps) {
        fit(angleRad, rangeM, radialMps, transverseMps);
        double vNorm2 = (double) channels * symbols;
        // ĝ = conj(yᴴ v)/‖v‖²; conj(y) ← conj(y) − conj(ĝ) conj(v) = conj(y) − (yᴴv/‖v‖²) conj(v)
        double gr = correlationRe / vNorm2;
        double gi = correlationIm / vNorm2;
        if (curved != null) {
            subtractCurved(rangeM, gr, gi);
            energy = measureEnergy();
            anchored = false;
            return gr * gr + gi * gi;
        }
        for (int n = 0; n < channels; n++) {
            double pathRate = rate[n];
            phasor.set(-wavenumber * (path[n] - rangeM + pathRate * firstSymbolTimeS));
            double pr = phasor.cos;
            double pi = -phasor.sin;          // conj(v[n,0])
            phasor.set(wavenumber * pathRate * symbolPeriodS);
            double sr = phasor.cos;
            double si = phasor.sin;           // conj(z)
            int base = 2 * n * symbols;
            for (int m = 0; m < symbols; m++) {
                int i = base + 2 * m;
                conjY[i] -= gr * pr - gi * pi;
                conjY[i + 1] -= gr * pi + gi * pr;
                double t = pr * sr - pi * si;
                pi = pr * si + pi * sr;
                pr = t;
            }
        }
        energy = measureEnergy();
        return gr * gr + gi * gi;
    }

    /** Writes the current data (the residual after {@link #subtract}) as a snapshot (interleaved, channel-major). */
    public void residual(float[] out) {
        for (int i = 0; i < conjY.length; i += 2) {
            out[i] = (float) conjY[i];
            out[i + 1] = (float) -conjY[i + 1];
        }
    }

    /** The MUSIC pseudo-spectrum {@code 1 / ‖U_nᴴ v̂‖²} for a fit value. */
    static double pseudoSpectrum(double fit) {
        return 1 / Math.max(1e-300, 1 - fit);
    }
}
