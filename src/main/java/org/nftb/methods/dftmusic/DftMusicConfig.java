package org.nftb.methods.dftmusic;

import org.nftb.config.Grid;
import org.nftb.config.EstimatorConfig;

import java.io.Serializable;

/**
 * Parameters of seed 001's two-stage estimator.
 *
 * @param angleFftSize         points of the angle (element) DFT, power of two ≥ element count
 * @param dopplerFftSize       points of the Doppler (symbol) DFT, power of two ≥ symbols per CPI
 * @param lookupAngles         angle grid of the lookup tables of eq. (16), radians; also the angles of the region
 *                             where the estimator is declared valid
 * @param lookupRanges         range grid of the lookup tables, metres (tabulated uniformly in 1/r, where the
 *                             angular spread is linear)
 * @param lookupTransverse     transverse-velocity grid of K_v, m/s (symmetric grids: the 3-dB spread does not
 *                             tell the sign, see {@code DftMusicEstimator})
 * @param refinementSweeps     how many times the 1D MUSIC sequence (θ, r, v_r, v_θ) of §IV-B is run
 * @param cacheDirectory       where lookup tables are cached, keyed by the configuration
 * @param maxTargets           most targets reported per CPI (successive estimation and cancellation), 1..8
 * @param coarse               which readings of the AD map start the refinement
 * @param minRangeM            near edge of the valid region, metres, or 0 for the default (two apertures)
 * @param maxVelocityMps       largest |v_r| and |v_θ| of the valid region, m/s
 * @param detectionThresholdDb a target is reported only if the data's projection on its steering vector exceeds
 *                             the noise power per sample by this much (dB), i.e. its processed SNR does;
 *                             {@code -Infinity} always reports one (the paper's figures estimate at every SNR)
 * @param motionModel          how the MUSIC stage models a target's motion within the CPI
 */
public record DftMusicConfig(int angleFftSize, int dopplerFftSize, Grid lookupAngles, Grid lookupRanges,
                             Grid lookupTransverse, int refinementSweeps, String cacheDirectory, int maxTargets,
                             Coarse coarse, double minRangeM, double maxVelocityMps,
                             double detectionThresholdDb, MotionModel motionModel)
        implements EstimatorConfig, Serializable {
    /** The {@code estimator.type} of seed 001's DFT + MUSIC estimator. */
    public static final String TYPE = "dftmusic";
    /** Default most targets per CPI. */
    public static final int DEFAULT_MAX_TARGETS = 2;
    /** Default largest speed component of the valid region, m/s (the domain: ±15 m/s). */
    public static final double DEFAULT_MAX_VELOCITY_MPS = 15;
    /**
     * Default detection threshold, dB: noise alone projected on one steering vector gives an exponential statistic
     * of mean 1; the search maximizes it over a neighbourhood of the AD map's strongest bin, which in 65536 bins is
     * about 12 (10.8 dB); 15 dB (31.6) is passed by noise alone with probability below 10⁻⁶ per CPI, while a target
     * at processed SNR 20 dB shows 100.
     */
    public static final double DEFAULT_DETECTION_THRESHOLD_DB = 15;
    /** Default near edge of the valid region, in apertures (see {@link #nearLimitM}). */
    public static final double DEFAULT_MIN_RANGE_APERTURES = 2;

    /** The configuration with the defaults of the keys added after the first release. */
    public DftMusicConfig(int angleFftSize, int dopplerFftSize, Grid lookupAngles, Grid lookupRanges,
                          Grid lookupTransverse, int refinementSweeps, String cacheDirectory) {
        this(angleFftSize, dopplerFftSize, lookupAngles, lookupRanges, lookupTransverse, refinementSweeps,
                cacheDirectory, DEFAULT_MAX_TARGETS, Coarse.BOTH, 0, DEFAULT_MAX_VELOCITY_MPS,
                DEFAULT_DETECTION_THRESHOLD_DB, MotionModel.LINEAR);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** This configuration with another coarse stage (benchmarks compare them). */
    public DftMusicConfig withCoarse(Coarse newCoarse) {
        return new DftMusicConfig(angleFftSize, dopplerFftSize, lookupAngles, lookupRanges, lookupTransverse,
                refinementSweeps, cacheDirectory, maxTargets, newCoarse, minRangeM, maxVelocityMps, detectionThresholdDb,
                motionModel);
    }

    /** This configuration with another target limit. */
    public DftMusicConfig withMaxTargets(int targets) {
        return new DftMusicConfig(angleFftSize, dopplerFftSize, lookupAngles, lookupRanges, lookupTransverse,
                refinementSweeps, cacheDirectory, targets, coarse, minRangeM, maxVelocityMps, detectionThresholdDb,
                motionModel);
    }

    /** This configuration with another detection threshold (dB; {@code -Infinity}: always one target). */
    public DftMusicConfig withDetectionThresholdDb(double thresholdDb) {
        return new DftMusicConfig(angleFftSize, dopplerFftSize, lookupAngles, lookupRanges, lookupTransverse,
                refinementSweeps, cacheDirectory, maxTargets, coarse, minRangeM, maxVelocityMps, thresholdDb,
                motionModel);
    }

    /** This configuration with another motion model (the sweep matches it to each draw's motion). */
    public DftMusicConfig withMotionModel(MotionModel model) {
        return new DftMusicConfig(angleFftSize, dopplerFftSize, lookupAngles, lookupRanges, lookupTransverse,
                refinementSweeps, cacheDirectory, maxTargets, coarse, minRangeM, maxVelocityMps, detectionThresholdDb,
                model);
    }

    /**
     * Near edge of the valid region for an aperture D: {@code minRangeM}, or by default 2 D. Choice: seed 001's
     * model gives every element the same amplitude (eq. 1); at 2 D the path to the aperture's edge is 3 % longer
     * than to its centre (0.27 dB of spreading loss), at 1 D already 12 % (1 dB), so 2 D is where that model is
     * still the physics. Closer in, the paper's second-order expansion of the range is also far off (the angular
     * spread covers a quarter of the visible region at 2 D).
     */
    public double nearLimitM(double apertureM) {
        return minRangeM > 0 ? minRangeM : DEFAULT_MIN_RANGE_APERTURES * apertureM;
    }

    /** Which readings of the angle-Doppler map start the MUSIC refinement. */
    public enum Coarse {
        /** Seed 001's: spread medians (eqs. 14-15) and the lookup tables of eq. (16). */
        TABLES,
        /** Ours: triangulation from the angular spread and the Doppler ridge's tilt ({@code SpreadGeometry}). */
        GEOMETRY,
        /** Ours first; the paper's when the first ends inconsistent (the re-search). */
        BOTH
    }

    /**
     * How the MUSIC stage (spectrum, scoring, covariance) models a target's motion within one CPI. The coarse DFT
     * stage is the paper's either way.
     */
    public enum MotionModel {
        /**
         * Seed 001's model (eqs. 1-3): every element's range grows linearly over the CPI, the geometry frozen at
         * its centre. Exact for data drawn from that model (the paper's Monte Carlo, {@code scene.motion: frozen}).
         */
        FROZEN,
        /**
         * A target moving in a straight line (ours; the default): each element's range to second order in time,
         * {@code L + t L̇ + ½ t² L̈} with {@code L̈ = (|v|² − L̇²)/L}. Seed 001's model leaves the curvature out, a
         * mismatch up to −30 dB of the echo's energy for a close, fast target (r = 2.9 m, v_θ = 14 m/s), which
         * biases estimates beyond the CRB at processed SNR 50 dB.
         */
        LINEAR
    }
}
