package org.nftb.config;

import org.nftb.model.ElementArray;
import org.nftb.model.PhysicalConstants;

/**
 * What an estimator's configuration reader may know of the rest of the configuration when it validates its own
 * section (everything the loader has read before {@code estimator:}).
 *
 * @param rxArray            receive array
 * @param txArray            transmit array (the receive array when monostatic)
 * @param monostatic         true when transmit and receive are the same array
 * @param carrierFrequencyHz carrier, Hz
 * @param symbolRateHz       slow-time symbol (pulse) rate, Hz
 * @param cpiSymbols         symbols (pulses) per CPI
 * @param samplesPerSymbol   radio samples per symbol
 */
public record EstimatorContext(ElementArray rxArray, ElementArray txArray, boolean monostatic,
                               double carrierFrequencyHz, double symbolRateHz, int cpiSymbols,
                               int samplesPerSymbol) {

    public double wavelengthM() {
        return PhysicalConstants.wavelengthM(carrierFrequencyHz);
    }
}
