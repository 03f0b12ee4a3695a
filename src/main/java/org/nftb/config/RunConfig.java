package org.nftb.config;

import org.nftb.model.ElementArray;
import org.nftb.model.PhysicalConstants;


import java.util.List;

/**
 * A validated hardware/run configuration (one {@code hw-config/*.yaml}).
 *
 * @param source             file (or resource) it was read from
 * @param name               human name
 * @param carrierFrequencyHz carrier, Hz
 * @param symbolRateHz       slow-time symbol (pulse) rate f_r, Hz
 * @param cpiSymbols         symbols per CPI, M
 * @param rxArray            receive array
 * @param txArray            transmit array (the receive array when monostatic)
 * @param monostatic         true when TX and RX are the same array
 * @param radio              radio backend settings
 * @param calibration        the {@code calibration:} section: table (null for identity), start check, drift watch
 * @param estimator          the estimator's own section (its type picks the {@link org.nftb.estimator.EstimatorProvider})
 * @param scene              simulated scene (required for the sim backend, else null)
 * @param pipeline           threads and buffering
 * @param sequential         the sequential stage's own section (state across CPIs: a tracker, SLAM), or null
 * @param warnings           non-fatal findings of validation, for the operator
 */
public record RunConfig(String source, String name, double carrierFrequencyHz, double symbolRateHz, int cpiSymbols,
                        ElementArray rxArray, ElementArray txArray, boolean monostatic, RadioConfig radio,
                        CalibrationConfig calibration, EstimatorConfig estimator, SceneConfig scene,
                        PipelineConfig pipeline, SequentialConfig sequential, List<String> warnings) {

    /** This configuration with other warnings. */
    public RunConfig withWarnings(List<String> newWarnings) {
        return new RunConfig(source, name, carrierFrequencyHz, symbolRateHz, cpiSymbols, rxArray, txArray, monostatic,
                radio, calibration, estimator, scene, pipeline, sequential, List.copyOf(newWarnings));
    }

    /** This configuration with another scene. */
    public RunConfig withScene(SceneConfig newScene) {
        return new RunConfig(source, name, carrierFrequencyHz, symbolRateHz, cpiSymbols, rxArray, txArray, monostatic,
                radio, calibration, estimator, newScene, pipeline, sequential, warnings);
    }

    /** This configuration with another estimator section. */
    public RunConfig withEstimator(EstimatorConfig newEstimator) {
        return new RunConfig(source, name, carrierFrequencyHz, symbolRateHz, cpiSymbols, rxArray, txArray, monostatic,
                radio, calibration, newEstimator, scene, pipeline, sequential, warnings);
    }

    /** This configuration with other pipeline settings. */
    public RunConfig withPipeline(PipelineConfig newPipeline) {
        return new RunConfig(source, name, carrierFrequencyHz, symbolRateHz, cpiSymbols, rxArray, txArray, monostatic,
                radio, calibration, estimator, scene, newPipeline, sequential, warnings);
    }

    /** This configuration with another radio section. */
    public RunConfig withRadio(RadioConfig newRadio) {
        return new RunConfig(source, name, carrierFrequencyHz, symbolRateHz, cpiSymbols, rxArray, txArray, monostatic,
                newRadio, calibration, estimator, scene, pipeline, sequential, warnings);
    }

    /** This configuration at another carrier (a calibration sweep over frequency). */
    public RunConfig withCarrierFrequency(double newCarrierHz) {
        return new RunConfig(source, name, newCarrierHz, symbolRateHz, cpiSymbols, rxArray, txArray, monostatic,
                radio, calibration, estimator, scene, pipeline, sequential, warnings);
    }

    /** This configuration with another calibration section. */
    public RunConfig withCalibration(CalibrationConfig newCalibration) {
        return new RunConfig(source, name, carrierFrequencyHz, symbolRateHz, cpiSymbols, rxArray, txArray, monostatic,
                radio, newCalibration, estimator, scene, pipeline, sequential, warnings);
    }

    /** This configuration with other arrays (for studies of a misplaced array: the estimators are not re-checked). */
    public RunConfig withArrays(ElementArray newRx, ElementArray newTx, boolean newMonostatic) {
        return new RunConfig(source, name, carrierFrequencyHz, symbolRateHz, cpiSymbols, newRx, newTx, newMonostatic,
                radio, calibration, estimator, scene, pipeline, sequential, warnings);
    }

    /** This configuration with another sequential stage (null: none). */
    public RunConfig withSequential(SequentialConfig newSequential) {
        return new RunConfig(source, name, carrierFrequencyHz, symbolRateHz, cpiSymbols, rxArray, txArray, monostatic,
                radio, calibration, estimator, scene, pipeline, newSequential, warnings);
    }

    /** Path of the calibration table, or null for identity. */
    public String calibrationTable() {
        return calibration.table();
    }

    public double wavelengthM() {
        return PhysicalConstants.wavelengthM(carrierFrequencyHz);
    }

    public double symbolPeriodS() {
        return 1.0 / symbolRateHz;
    }

    /** Radio samples per slow-time symbol (integrate-and-dump factor). */
    public int samplesPerSymbol() {
        return (int) Math.round(radio.sampleRateHz() / symbolRateHz);
    }

    /** Radio samples per channel in one CPI. */
    public int samplesPerCpi() {
        return samplesPerSymbol() * cpiSymbols;
    }
}
