package org.nftb.methods.dftmusic.bench;

import org.nftb.methods.dftmusic.DftMusicConfig;
import org.nftb.model.ElementArray;
import org.nftb.model.PolarState;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * The region where a dftmusic configuration declares itself valid, and random draws over it: θ over the lookup
 * angle grid's span (±60° by default), r from the near limit ({@link DftMusicConfig#nearLimitM}, two apertures by
 * default) to the effective beamfocusing Rayleigh distance {@code r_RD cos²θ / 10} at that angle, v_r and v_θ over
 * ±{@code maxVelocity} (±15 m/s).
 *
 * <p>Choice: r is drawn uniformly in 1/r, the coordinate in which the array resolves range uniformly (a cell is
 * {@code 4λ/(D² cos²θ)} in 1/r); uniform in r would put four draws in five beyond 10 m, where the spreads are
 * narrow and the estimator's task easiest.
 *
 * @param minAngleRad  lowest θ
 * @param maxAngleRad  highest θ
 * @param minRangeM    near limit
 * @param maxVelocityMps largest |v_r| and |v_θ|
 * @param rx           receive array (for the effective beamfocusing distance)
 * @param wavelengthM  carrier wavelength
 */
record SweepDomain(double minAngleRad, double maxAngleRad, double minRangeM, double maxVelocityMps, ElementArray rx,
                   double wavelengthM) implements Serializable {

    static SweepDomain of(DftMusicConfig config, ElementArray rx, double wavelengthM) {
        return new SweepDomain(config.lookupAngles().min(), config.lookupAngles().max(),
                config.nearLimitM(rx.apertureM()), config.maxVelocityMps(), rx, wavelengthM);
    }

    /** Far edge at angle θ: the effective beamfocusing Rayleigh distance. */
    double maxRangeM(double angleRad) {
        return rx.effectiveBeamfocusingDistanceM(wavelengthM, angleRad);
    }

    /** A target drawn uniformly in θ, 1/r, v_r and v_θ from {@code seed}. */
    PolarState draw(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double theta = minAngleRad + (maxAngleRad - minAngleRad) * rng.nextDouble();
        double near = 1 / minRangeM;
        double far = 1 / maxRangeM(theta);
        double range = 1 / (far + (near - far) * rng.nextDouble());
        double radial = maxVelocityMps * (2 * rng.nextDouble() - 1);
        double transverse = maxVelocityMps * (2 * rng.nextDouble() - 1);
        return new PolarState(range, theta, radial, transverse);
    }
}
