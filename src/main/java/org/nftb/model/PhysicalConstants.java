package org.nftb.model;

/** Physical constants in SI units. */
public final class PhysicalConstants {
    /** Speed of light in vacuum, m/s. */
    public static final double SPEED_OF_LIGHT_MPS = 299_792_458.0;
    /** Boltzmann constant, J/K. */
    public static final double BOLTZMANN_J_PER_K = 1.380649e-23;
    /** Reference noise temperature, K. */
    public static final double REFERENCE_TEMPERATURE_K = 290.0;

    private PhysicalConstants() {
    }

    /** Wavelength in metres of a carrier at {@code frequencyHz}. */
    public static double wavelengthM(double frequencyHz) {
        return SPEED_OF_LIGHT_MPS / frequencyHz;
    }
}
