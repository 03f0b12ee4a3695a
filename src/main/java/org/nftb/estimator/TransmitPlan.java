package org.nftb.estimator;

import java.io.Serializable;

/**
 * What an estimator needs the radio to transmit, once per CPI, when it knows its own illumination (seed 000: the
 * MIMO waveform; seed 003: the MT's block X in downlink, the AT's probing block in uplink). The pipeline's radio
 * thread sends {@link #cpiWaveform()} as one timed burst per CPI, starting on the CPI's first sample
 * ({@code org.nftb.pipeline.Illumination}, {@code pipeline.transmitLead} ahead), through the device's TX interlock.
 * A device that cannot transmit (a replay) sends nothing: the recording holds the echoes. A value: immutable and
 * serializable.
 */
public interface TransmitPlan extends Serializable {

    /** Per transmit element, interleaved cf32 samples of one CPI (samples per CPI each); callers do not modify it. */
    float[][] cpiWaveform();

    /**
     * The waveform of CPI {@code cpi} (same layout as {@link #cpiWaveform()}). The radio thread calls it once per
     * CPI, in stream order, before the CPI's first sample is received; the default is the one waveform of every CPI.
     * A plan that adapts from CPI to CPI (seed 002's sequential design: the next blocks' beams re-designed from the
     * estimates) returns the design in force when the burst is sent and remembers which CPI got which design, so
     * that its front end can demodulate the CPI with the beams it was sent with. Such a plan is the one exception
     * to "a value": it holds the live state of the loop, and says so.
     */
    default float[][] cpiWaveform(long cpi) {
        return cpiWaveform();
    }

    /** TX gain, dB (checked by the interlock against radio.txLimits.maxGain). */
    double gainDb();
}
