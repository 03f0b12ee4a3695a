package org.nftb.estimate.dftmusic;

import org.nftb.config.Grid;
import org.nftb.estimate.EstimatorConfig;

/**
 * Parameters of seed 001's two-stage estimator.
 *
 * @param angleFftSize         points of the angle (element) DFT, power of two ≥ element count
 * @param dopplerFftSize       points of the Doppler (symbol) DFT, power of two ≥ symbols per CPI
 * @param lookupAngles         angle grid of the lookup tables of eq. (16), radians
 * @param lookupRanges         range grid of the lookup tables, metres (tabulated uniformly in 1/r, where the
 *                             angular spread is linear)
 * @param lookupTransverse     transverse-velocity grid of K_v, m/s (symmetric grids: the 3-dB spread does not
 *                             tell the sign, see {@code DftMusicEstimator})
 * @param refinementSweeps     how many times the 1D MUSIC sequence (θ, r, v_r, v_θ) of §IV-B is run
 * @param cacheDirectory       where lookup tables are cached, keyed by the configuration
 */
public record DftMusicConfig(int angleFftSize, int dopplerFftSize, Grid lookupAngles, Grid lookupRanges,
                             Grid lookupTransverse, int refinementSweeps, String cacheDirectory)
        implements EstimatorConfig, java.io.Serializable {
    /** The {@code estimator.type} of seed 001's DFT + MUSIC estimator. */
    public static final String TYPE = "dftmusic";

    @Override
    public String type() {
        return TYPE;
    }
}
