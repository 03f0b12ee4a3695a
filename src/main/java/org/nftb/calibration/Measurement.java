package org.nftb.calibration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nftb.calibration.table.ChainWeights;

/**
 * What a {@link CalibrationMethod} measured at one carrier.
 *
 * @param rx           W of the receive elements (normalized, with uncertainty)
 * @param tx           the transmit chains, or null
 * @param delaySamples per-element delay against element 0, samples, or null
 * @param injected     the injection network's view of W (the signature a start check compares with), or null
 * @param positionsM   measured element positions (interleaved x, y), or null
 * @param cpis         CPIs (or CPI lengths of samples) the measurement used
 * @param quality      residuals and quality metrics by name, units in the name
 * @param notes        what an operator should know about this measurement
 */
public record Measurement(ChainWeights rx, ChainWeights tx, double[] delaySamples, ChainWeights injected,
                          double[] positionsM, long cpis, Map<String, Double> quality, List<String> notes) {
    public Measurement {
        quality = Collections.unmodifiableMap(new LinkedHashMap<>(quality));
        notes = List.copyOf(notes);
    }
}
