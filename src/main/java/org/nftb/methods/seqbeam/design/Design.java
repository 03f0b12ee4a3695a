package org.nftb.methods.seqbeam.design;

import org.nftb.methods.seqbeam.Stage;
import org.nftb.methods.seqbeam.SystemParams;
import org.nftb.methods.seqbeam.SlotSchedule;

/**
 * A transmit design: the covariance of each stage in the design subspace ({@code R_s = B Q_s Bᴴ},
 * {@code tr R_s = P_B/M}, eq. 15), the MS share ρ_MS it was made for, the cost reached and what the solver spent.
 * {@link #schedule} realizes a covariance as L slot beams ({@code Σ_l f_l f_lᴴ = R}, equal power per slot).
 * Immutable.
 *
 * @param qMs        Q of the MS stage (dim × dim interleaved), null when the design has no MS stage
 * @param qBp        Q of the BP stage, null when none (the same array as qMs for a shared design)
 * @param rho        ρ_MS
 * @param cost       the cost reached
 * @param iterations L-BFGS iterations (both steps of a separate design)
 * @param nanos      wall time of the solve
 */
public record Design(Basis basis, double[] qMs, double[] qBp, double rho, double cost, int iterations, long nanos) {

    /** The slot schedule of a stage (see {@link SlotSchedule#realize}). */
    public SlotSchedule schedule(Stage stage, SystemParams sys) {
        double[] q = stage == Stage.MS ? qMs : qBp;
        if (q == null) {
            throw new IllegalStateException("the design has no " + stage + " stage");
        }
        return SlotSchedule.realize(sys, basis.b, basis.dim, q);
    }

    /** tr Q_s (= tr R_s, the basis is orthonormal). */
    public double power(Stage stage) {
        double[] q = stage == Stage.MS ? qMs : qBp;
        double s = 0;
        for (int a = 0; a < basis.dim; a++) {
            s += q[2 * (a * basis.dim + a)];
        }
        return s;
    }

    public Design withTiming(int iters, long ns) {
        return new Design(basis, qMs, qBp, rho, cost, iters, ns);
    }
}
