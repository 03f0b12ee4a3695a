package org.nftb.model;

import java.io.Serializable;

/**
 * Transmit waveforms that make the N_t transmit elements separable at the receiver (seed 000 §II: "each antenna of
 * the transmitter emits temporally orthogonal signals"). Every pulse (slow-time symbol) has S radio samples and
 * repeats the same per-element chips; element i's chip at sample s of a pulse is {@code x_i[s]}:
 * <ul>
 *   <li>{@link Scheme#TDM time division}: S = N_t·c; element i sends 1 during samples {@code [i c, (i+1) c)} and
 *       nothing otherwise (one element at a time, c samples each).</li>
 *   <li>{@link Scheme#FDM frequency division}: S ≥ N_t; element i sends the subcarrier
 *       {@code x_i[s] = exp(j 2π i s / S)} for the whole pulse (all elements at once, orthogonal over a pulse; the
 *       matched filter is one length-S DFT per receive channel and pulse).</li>
 * </ul>
 * Both have unit magnitude where they transmit. The matched filter ({@code frontend.MimoMatchedFilter}) returns,
 * per (transmit element, receive element, pulse), the complex coefficient that multiplied {@code x_i} on that
 * receive channel during that pulse, exactly when it is constant over the pulse (seed 000 eq. 2: no range
 * migration within a CPI). Immutable and thread-safe.
 *
 * @param scheme          TDM or FDM
 * @param txElements      N_t
 * @param samplesPerPulse S
 */
public record MimoWaveform(Scheme scheme, int txElements, int samplesPerPulse) implements Serializable {

    /** How the transmit elements are kept apart. */
    public enum Scheme {
        /** Time division: one element per slot of S/N_t samples. */
        TDM,
        /** Frequency division: element i on subcarrier i/S of the sample rate. */
        FDM
    }

    public MimoWaveform {
        if (txElements < 1 || samplesPerPulse < 1) {
            throw new IllegalArgumentException("MIMO waveform needs txElements, samplesPerPulse >= 1, got "
                    + txElements + ", " + samplesPerPulse);
        }
        String problem = problem(scheme, txElements, samplesPerPulse);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Why {@code scheme} cannot separate {@code txElements} in {@code samplesPerPulse} samples, or null. */
    public static String problem(Scheme scheme, int txElements, int samplesPerPulse) {
        if (scheme == Scheme.TDM && samplesPerPulse % txElements != 0) {
            return "time division needs samples per pulse (" + samplesPerPulse + ") to be a multiple of the "
                    + txElements + " transmit elements (one slot each); set radio.sampleRate = k · N_t · symbolRate";
        }
        if (scheme == Scheme.FDM && samplesPerPulse < txElements) {
            return "frequency division needs at least as many samples per pulse (" + samplesPerPulse
                    + ") as transmit elements (" + txElements + "): one subcarrier each";
        }
        return null;
    }

    /** Samples of element i's slot (TDM). */
    public int slotSamples() {
        return samplesPerPulse / txElements;
    }

    /** Real part of {@code x_i[s]}. */
    public double chipRe(int element, int sample) {
        if (scheme == Scheme.TDM) {
            return sample / slotSamples() == element ? 1 : 0;
        }
        return Math.cos(2 * Math.PI * ((long) element * sample % samplesPerPulse) / samplesPerPulse);
    }

    /** Imaginary part of {@code x_i[s]}. */
    public double chipIm(int element, int sample) {
        if (scheme == Scheme.TDM) {
            return 0;
        }
        return Math.sin(2 * Math.PI * ((long) element * sample % samplesPerPulse) / samplesPerPulse);
    }

    /**
     * The per-element burst of {@code pulses} pulses: {@code [i][2 (l S + s)]} re, {@code +1} im (allocates: made
     * once by the controller and sent as one timed burst per CPI).
     */
    public float[][] burst(int pulses) {
        float[][] x = new float[txElements][2 * pulses * samplesPerPulse];
        for (int i = 0; i < txElements; i++) {
            for (int s = 0; s < samplesPerPulse; s++) {
                float re = (float) chipRe(i, s);
                float im = (float) chipIm(i, s);
                for (int l = 0; l < pulses; l++) {
                    x[i][2 * (l * samplesPerPulse + s)] = re;
                    x[i][2 * (l * samplesPerPulse + s) + 1] = im;
                }
            }
        }
        return x;
    }
}
