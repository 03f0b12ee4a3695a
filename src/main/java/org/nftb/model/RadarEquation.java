package org.nftb.model;

/**
 * The monostatic radar equation (seed 001 eq. 6) over thermal noise, for scenes that give an RCS: part of the signal
 * model, read by the configuration ({@code scene.targets[].rcs} with {@code scene.link}).
 */
public final class RadarEquation {
    private RadarEquation() {
    }

    /**
     * Per-sample SNR in dB: {@code ξ = P_T G² λ² σ / ((4π)³ r⁴)} over the noise power {@code k T₀ B F}.
     *
     * @param txPowerDbm     P_T, dBm
     * @param antennaGainDbi G, dBi
     * @param noiseFigureDb  F, dB
     * @param rcsM2          σ, m²
     * @param wavelengthM    λ, m
     * @param rangeM         r, m
     * @param bandwidthHz    B, Hz (the sample rate)
     */
    public static double perSampleSnrDb(double txPowerDbm, double antennaGainDbi, double noiseFigureDb, double rcsM2,
                                        double wavelengthM, double rangeM, double bandwidthHz) {
        double ptW = Math.pow(10, (txPowerDbm - 30) / 10);
        double g = Math.pow(10, antennaGainDbi / 10);
        double received = ptW * g * g * wavelengthM * wavelengthM * rcsM2
                / (Math.pow(4 * Math.PI, 3) * Math.pow(rangeM, 4));
        double noise = PhysicalConstants.BOLTZMANN_J_PER_K * PhysicalConstants.REFERENCE_TEMPERATURE_K * bandwidthHz
                * Math.pow(10, noiseFigureDb / 10);
        return 10 * Math.log10(received / noise);
    }
}
