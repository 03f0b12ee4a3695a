package org.nftb.estimate;

/**
 * What an estimator needs the radio to transmit, once per CPI, when it knows its own illumination (seed 003: the
 * MT's block X in downlink, the AT's probing block in uplink). The pipeline's radio thread sends
 * {@link #cpiWaveform()} as one burst at the start of every CPI (sent "now" when the receive position is at a CPI
 * boundary: on the simulated array that is sample-exact; on a real radio its start lags by the transmit latency),
 * through the device's TX interlock. A value: immutable and serializable.
 */
public interface TransmitPlan extends java.io.Serializable {

    /** Per transmit element, interleaved cf32 samples of one CPI (samples per CPI each); callers do not modify it. */
    float[][] cpiWaveform();

    /** TX gain, dB (checked by the interlock against radio.txLimits.maxGain). */
    double gainDb();
}
