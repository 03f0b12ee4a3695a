package org.nftb.calibration;

/**
 * A way to measure W (and, where it can, the transmit chains, the channel delays or the element positions) with a
 * {@link CalibrationRig}. Implementations: {@link CalibrationMethods}. Each produces a {@link Measurement} at the
 * rig's carrier; {@code nftb calibrate} turns measurements at one or more carriers into a calibration file.
 */
public interface CalibrationMethod {

    /** The name written in the file's {@code method} field and given to {@code nftb calibrate --method}. */
    String name();

    /**
     * Measures with the rig (which may place a pilot, transmit, and receive as many CPIs as the method needs).
     *
     * @throws CalibrationException when the measurement cannot give a trustworthy W (no signal, no target, …)
     */
    Measurement measure(CalibrationRig rig);
}
