package org.nftb.methods.vmp;

import org.nftb.estimator.EstimatorSetup;
import org.nftb.model.SubarrayLayout;
import org.nftb.frontend.MimoMatchedFilter;
import org.nftb.model.ElementArray;
import org.nftb.model.MimoWaveform;
import org.nftb.stream.CpiLayout;

import org.nftb.estimator.TransmitPlan;

import java.util.List;

/**
 * What seed 000's estimator needs before its first CPI: its section, both arrays and the CPI timing. Its front end
 * is the MIMO matched filter of its waveform fused with the slow-time decimation ({@link VmpFrontEnd}). Immutable
 * and serializable.
 *
 * @param config           the estimator section
 * @param txArray          transmit array
 * @param rxArray          receive array
 * @param wavelengthM      carrier wavelength, metres
 * @param pulsePeriodS     T, seconds
 * @param pulses           L
 * @param samplesPerPulse  S, radio samples per pulse
 */
public record VmpSetup(VmpConfig config, ElementArray txArray, ElementArray rxArray, double wavelengthM,
                       double pulsePeriodS, int pulses, int samplesPerPulse) implements EstimatorSetup {

    @Override
    public String type() {
        return VmpConfig.TYPE;
    }

    public MimoWaveform waveform() {
        return new MimoWaveform(config.waveform(), txArray.count(), samplesPerPulse);
    }

    /** {@link VmpFrontEnd}: the MIMO matched filter fused with the derotation and block decimation. */
    @Override
    public VmpFrontEnd newFrontEnd() {
        return new VmpFrontEnd(new CpiLayout(rxArray.count(), pulses, samplesPerPulse), waveform(),
                new SubarrayLayout(txArray, rxArray, config.subarraySize(), wavelengthM), pulsePeriodS,
                config.decimation());
    }

    /** The plain MIMO matched filter (full-rate outputs, {@code N_t × N_r × L}), for comparisons. */
    public MimoMatchedFilter newMatchedFilter() {
        return new MimoMatchedFilter(new CpiLayout(rxArray.count(), pulses, samplesPerPulse), waveform());
    }

    @Override
    public VmpEstimator newEstimator() {
        return new VmpEstimator(config, txArray, rxArray, wavelengthM, pulsePeriodS, pulses);
    }

    /**
     * The MIMO waveform of one CPI ({@link MimoWaveform#burst}: every transmit element's pulses, separable by the
     * matched filter), sent by the pipeline at the start of every CPI at {@value #TX_GAIN_DB} dB through the TX
     * interlock.
     */
    @Override
    public TransmitPlan transmitPlan() {
        return new Plan(waveform().burst(pulses), TX_GAIN_DB);
    }

    /** TX gain of the MIMO waveform, dB: unity; the link budget is set by the radio's analogue gain. */
    public static final double TX_GAIN_DB = 0;

    /** A fixed waveform and gain. */
    record Plan(float[][] cpiWaveform, double gainDb) implements TransmitPlan {
    }

    @Override
    public int maxTargets() {
        return 1;
    }

    @Override
    public List<String> diagnosticNames() {
        return VmpEstimator.DIAGNOSTICS;
    }
}
