package org.nftb.methods.seqbeam;

import org.nftb.config.TxLimits;
import org.nftb.device.TxBurst;
import org.nftb.device.TxRefusedException;

import java.util.Arrays;
import java.io.Serializable;
import java.util.Locale;

/**
 * One coherence block on the air: which beam each OFDM symbol carries. The MS phase's symbols (its
 * {@link Phase}) carry the MS schedule's slot beams, the κ_MS-BP covariance symbols are silent here (the control
 * message to the UE is not part of this testbed), the BP phase's symbols carry the BP schedule's beams.
 *
 * <p><b>Waveform.</b> Every symbol is the same Zadoff–Chu pilot on all M subcarriers (root 1; unit modulus in
 * frequency and — CAZAC — in time, so an OFDM symbol has a constant envelope and its peak equals its RMS), with a
 * cyclic prefix of {@code cp} samples, at the sample rate B. Element n in slot l sends
 * {@code x_n[k] = f_{l,n} √(M / P_fs) z[k]}, z the unit-modulus time-domain pilot and P_fs the power one element
 * radiates at |x| = 1 with the configured TX gain: the element's power over the M subcarriers is {@code M |f_{l,n}|²}
 * W, as eq. 15 counts it.
 *
 * <p><b>Oversampling.</b> With {@code oversampling} R > 1 the block is sent at R·B: each symbol is the same M
 * subcarriers (spacing Δf = B/M, signed indices −M/2 … M/2−1) synthesized by an R·M-point inverse DFT, with
 * {@code cp} samples of cyclic prefix at R·B, scaled by 1/√R so that a symbol carries the same energy as at R = 1.
 * The band then fills 1/R of the sample rate: what a receiver (or the simulator's fractional-delay interpolator,
 * whose response droops towards the Nyquist frequency) needs to delay an echo by a fraction of a sample without
 * distorting the band-edge subcarriers.
 *
 * <p>{@link #check} refuses a plan whose samples would exceed the interlock's amplitude limit before anything is
 * built or sent, naming the slot, the stage and the element. Immutable.
 *
 * @param sys          the system
 * @param ms           the MS phase and schedule (schedule null when the phase is empty)
 * @param bp           the BP phase and schedule
 * @param cp           cyclic-prefix samples per symbol
 * @param fullScaleW   P_fs, W per element at |x| = 1
 * @param gainDb       the TX gain the bursts carry (checked by the interlock)
 * @param oversampling R: samples per symbol R·M + cp at the sample rate R·B (1: the band fills the sample rate)
 */
public record BlockPlan(SystemParams sys, Phase msPhase, SlotSchedule ms, Phase bpPhase, SlotSchedule bp, int cp,
                        double fullScaleW, double gainDb, int oversampling) implements Serializable {

    /** A plan at the bandwidth's own sample rate (R = 1). */
    public BlockPlan(SystemParams sys, Phase msPhase, SlotSchedule ms, Phase bpPhase, SlotSchedule bp, int cp,
                     double fullScaleW, double gainDb) {
        this(sys, msPhase, ms, bpPhase, bp, cp, fullScaleW, gainDb, 1);
    }

    public BlockPlan {
        if (oversampling < 1 || oversampling > 16) {
            throw new IllegalArgumentException("seqbeam.oversampling: must lie in [1, 16], got " + oversampling);
        }
        if (cp < 0) {
            throw new IllegalArgumentException("seqbeam.cyclicPrefix: must be >= 0 samples, got " + cp);
        }
        if (!(fullScaleW > 0) || !Double.isFinite(fullScaleW)) {
            throw new IllegalArgumentException("seqbeam.txFullScalePower: must be a finite power > 0, got " + fullScaleW);
        }
    }

    /** Samples per symbol, R·M + cp. */
    public int samplesPerSymbol() {
        return oversampling * sys.subcarriers() + cp;
    }

    /** Symbols in the block (κ_Total). */
    public int symbols() {
        return sys.totalSymbols();
    }

    /** The sample rate of the waveform: R·B. */
    public double sampleRateHz() {
        return oversampling * sys.bandwidthHz();
    }

    /**
     * Per symbol of the block, {@code stage·L + slot} (stage 0 MS, 1 BP) or −1 for a silent symbol.
     */
    public int[] beamOfSymbol() {
        int[] out = new int[symbols()];
        Arrays.fill(out, -1);
        mark(out, msPhase, 0);
        mark(out, bpPhase, 1);
        return out;
    }

    private void mark(int[] out, Phase ph, int stage) {
        if (ph == null) {
            return;
        }
        double t = sys.symbolPeriodS();
        for (int l = 0; l < ph.slots(); l++) {
            for (int q = 0; q < ph.count(l); q++) {
                int at = (int) Math.round(ph.timeS(l, q) / t);
                out[at] = stage * sys.slots() + l;
            }
        }
    }

    /** Amplitude scale from √(W per subcarrier) to digital: √(M / P_fs). */
    public double amplitudeScale() {
        return Math.sqrt(sys.subcarriers() / fullScaleW);
    }

    /**
     * Refuses the plan when any slot's element would exceed {@code limits.maxAmplitude()}, naming the slot, before
     * anything is built or transmitted.
     *
     * @throws TxRefusedException naming the stage, slot and element
     */
    public void check(TxLimits limits, String source) {
        check(limits, source, "MS", msPhase, ms);
        check(limits, source, "BP", bpPhase, bp);
    }

    private void check(TxLimits limits, String source, String stage, Phase ph, SlotSchedule s) {
        if (ph == null || s == null) {
            return;
        }
        double scale = amplitudeScale() * pilotPeak();
        for (int l = 0; l < s.slots(); l++) {
            if (ph.count(l) == 0) {
                continue;
            }
            for (int n = 0; n < s.elements(); n++) {
                double a = s.amplitude(l, n) * scale;
                if (!(a <= limits.maxAmplitude())) {
                    throw new TxRefusedException(String.format(Locale.ROOT, "TX refused: the %s design's slot %d "
                                    + "needs amplitude %.4f on element %d (%.3e W in the slot) > "
                                    + "radio.txLimits.maxAmplitude %.4f of %s; nothing of the block transmitted",
                            stage, l, a, n, s.slotPowerW(l), limits.maxAmplitude(), source));
                }
            }
        }
    }

    /** The unit-modulus time-domain pilot z (2M interleaved): Zadoff–Chu root 1 is its own CAZAC in time. */
    public double[] pilot() {
        int m = sys.subcarriers();
        double[] z = new double[2 * m];
        for (int k = 0; k < m; k++) {
            // ZC(k) = exp(−jπ k (k + (M mod 2)) / M)
            double ph = -Math.PI * (double) k * (k + (m % 2)) / m;
            z[2 * k] = Math.cos(ph);
            z[2 * k + 1] = Math.sin(ph);
        }
        return z;
    }

    /**
     * One symbol's time-domain pilot at the sample rate R·B (2·R·M interleaved, without the cyclic prefix): z itself
     * for R = 1; for R > 1 the M subcarriers of z's DFT at their signed frequencies, synthesized over R·M samples and
     * scaled by 1/√R (the same energy per symbol).
     */
    public double[] pilotWaveform() {
        double[] z = pilot();
        if (oversampling == 1) {
            return z;
        }
        int m = sys.subcarriers();
        int big = oversampling * m;
        // Z[s] = Σ_k z[k] e^{−j2π s k/M}; x[k] = (1/M) Σ_s Z[s] e^{+j2π s k/(R M)} / √R, s = −M/2 … M/2−1
        double[] zf = new double[2 * m];
        for (int s = 0; s < m; s++) {
            double re = 0;
            double im = 0;
            for (int k = 0; k < m; k++) {
                double ph = -2 * Math.PI * (double) s * k / m;
                re += z[2 * k] * Math.cos(ph) - z[2 * k + 1] * Math.sin(ph);
                im += z[2 * k] * Math.sin(ph) + z[2 * k + 1] * Math.cos(ph);
            }
            zf[2 * s] = re;
            zf[2 * s + 1] = im;
        }
        double[] x = new double[2 * big];
        double norm = 1 / (m * Math.sqrt(oversampling));
        for (int k = 0; k < big; k++) {
            double re = 0;
            double im = 0;
            for (int s = -m / 2; s < m - m / 2; s++) {
                int b = Math.floorMod(s, m);
                double ph = 2 * Math.PI * (double) s * k / big;
                re += zf[2 * b] * Math.cos(ph) - zf[2 * b + 1] * Math.sin(ph);
                im += zf[2 * b] * Math.sin(ph) + zf[2 * b + 1] * Math.cos(ph);
            }
            x[2 * k] = re * norm;
            x[2 * k + 1] = im * norm;
        }
        return x;
    }

    /** The largest |x| of {@link #pilotWaveform()} (1 at R = 1: the pilot is CAZAC). */
    public double pilotPeak() {
        if (oversampling == 1) {
            return 1;
        }
        double[] x = pilotWaveform();
        double peak = 0;
        for (int k = 0; k < x.length / 2; k++) {
            peak = Math.max(peak, Math.hypot(x[2 * k], x[2 * k + 1]));
        }
        return peak;
    }

    /** The block as one burst: N_B channels of {@code symbols · (R·M + cp)} samples at R·B, at device time {@code t}. */
    public TxBurst burst(double carrierHz, long timeNanos) {
        int nb = sys.bsElements();
        int sps = samplesPerSymbol();
        int m = oversampling * sys.subcarriers();
        double[] z = pilotWaveform();
        int[] beam = beamOfSymbol();
        float[][] x = new float[nb][2 * sps * beam.length];
        double scale = amplitudeScale();
        for (int q = 0; q < beam.length; q++) {
            if (beam[q] < 0) {
                continue;
            }
            SlotSchedule s = beam[q] < sys.slots() ? ms : bp;
            int l = beam[q] % sys.slots();
            for (int n = 0; n < nb; n++) {
                int o = 2 * (l * nb + n);
                double fr = s.beams()[o] * scale;
                double fi = s.beams()[o + 1] * scale;
                for (int k = 0; k < sps; k++) {
                    int src = Math.floorMod(k - cp, m);      // cyclic prefix: the symbol's last cp samples first
                    double zr = z[2 * src];
                    double zi = z[2 * src + 1];
                    int at = 2 * (q * sps + k);
                    x[n][at] = (float) (fr * zr - fi * zi);
                    x[n][at + 1] = (float) (fr * zi + fi * zr);
                }
            }
        }
        return new TxBurst(x, carrierHz, gainDb, sampleRateHz(), timeNanos);
    }
}
