package org.nftb.methods.seqbeam;

import org.nftb.config.TxLimits;
import org.nftb.device.TxBurst;
import org.nftb.device.TxRefusedException;

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
 * <p>{@link #check} refuses a plan whose samples would exceed the interlock's amplitude limit before anything is
 * built or sent, naming the slot, the stage and the element. Immutable.
 *
 * @param sys          the system
 * @param ms           the MS phase and schedule (schedule null when the phase is empty)
 * @param bp           the BP phase and schedule
 * @param cp           cyclic-prefix samples per symbol
 * @param fullScaleW   P_fs, W per element at |x| = 1
 * @param gainDb       the TX gain the bursts carry (checked by the interlock)
 */
public record BlockPlan(SystemParams sys, Phase msPhase, SlotSchedule ms, Phase bpPhase, SlotSchedule bp, int cp,
                        double fullScaleW, double gainDb) {

    public BlockPlan {
        if (cp < 0) {
            throw new IllegalArgumentException("seqbeam.cyclicPrefix: must be >= 0 samples, got " + cp);
        }
        if (!(fullScaleW > 0) || !Double.isFinite(fullScaleW)) {
            throw new IllegalArgumentException("seqbeam.txFullScalePower: must be a finite power > 0, got " + fullScaleW);
        }
    }

    /** Samples per symbol, M + cp. */
    public int samplesPerSymbol() {
        return sys.subcarriers() + cp;
    }

    /** Symbols in the block (κ_Total). */
    public int symbols() {
        return sys.totalSymbols();
    }

    /** The sample rate of the waveform: B. */
    public double sampleRateHz() {
        return sys.bandwidthHz();
    }

    /**
     * Per symbol of the block, {@code stage·L + slot} (stage 0 MS, 1 BP) or −1 for a silent symbol.
     */
    public int[] beamOfSymbol() {
        int[] out = new int[symbols()];
        java.util.Arrays.fill(out, -1);
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
        double scale = amplitudeScale();
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

    /** The block as one burst: N_B channels of {@code symbols · (M + cp)} samples at B, at device time {@code t}. */
    public TxBurst burst(double carrierHz, long timeNanos) {
        int nb = sys.bsElements();
        int sps = samplesPerSymbol();
        int m = sys.subcarriers();
        double[] z = pilot();
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
                    int src = (k - cp + m) % m;      // cyclic prefix: the symbol's last cp samples first
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
