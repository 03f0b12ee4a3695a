package org.nftb.model;

/**
 * Maps a target state to the propagation path of every receive channel: its length and its rate of change.
 *
 * <p>Every channel's baseband sample follows {@code exp(-j 2π/λ · (L_c + t · dL_c/dt))} over one CPI (no range
 * migration within the CPI, seed 000 eq. 2-3, seed 001 eqs. 1-3). Implementations differ in which legs a path
 * has: seed 001 uses the receive element's range only ({@link ElementRangeModel}); the separated Tx/Rx arrays of
 * seed 000 add a transmit leg. The simulator, the estimators and the bounds all go through this interface, so a
 * convention fixed here is fixed everywhere.
 *
 * <p>Implementations are immutable and thread-safe; methods write only into caller-owned arrays.
 */
public interface PropagationModel {

    /** Number of channels (paths) the model produces. */
    int channelCount();

    /** Carrier wavelength, metres. */
    double wavelengthM();

    /**
     * Path lengths and rates for {@code state}.
     *
     * @param pathM       out: path length of channel c, metres (length ≥ channelCount)
     * @param pathRateMps out: d(path)/dt of channel c, m/s (length ≥ channelCount)
     */
    default void paths(TargetState state, double[] pathM, double[] pathRateMps) {
        paths(state.xM(), state.yM(), state.vxMps(), state.vyMps(), pathM, pathRateMps);
    }

    /** {@link #paths(TargetState, double[], double[])} without a state object (for kernels). */
    void paths(double xM, double yM, double vxMps, double vyMps, double[] pathM, double[] pathRateMps);

    /**
     * Derivatives of the path lengths and rates with respect to the Cartesian state, in the order
     * (x, y, vx, vy): {@code dPath[4c + k] = ∂L_c/∂s_k}, {@code dRate[4c + k] = ∂L̇_c/∂s_k}.
     */
    default void pathJacobians(TargetState state, double[] dPath, double[] dRate) {
        pathJacobians(state.xM(), state.yM(), state.vxMps(), state.vyMps(), dPath, dRate);
    }

    /** {@link #pathJacobians(TargetState, double[], double[])} without a state object (for kernels). */
    void pathJacobians(double xM, double yM, double vxMps, double vyMps, double[] dPath, double[] dRate);
}
