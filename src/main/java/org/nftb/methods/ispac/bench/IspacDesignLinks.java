package org.nftb.methods.ispac.bench;

import org.nftb.bound.IspacCrb;
import org.nftb.methods.ispac.IspacGeometry;
import org.nftb.methods.ispac.design.DesignInfeasibleException;
import org.nftb.methods.ispac.design.DownlinkDesign;
import org.nftb.methods.ispac.design.DownlinkProblem;
import org.nftb.methods.ispac.design.IspacScenario;
import org.nftb.methods.ispac.design.UplinkDesign;
import org.nftb.methods.ispac.design.UplinkProblem;
import org.nftb.model.DoubleArrayModel;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The two links of seed 003's transmit-design figures ({@link IspacDesignFigures}): downlink Algorithm 2 (Figs. 2,
 * 5) and uplink Algorithm 6 (Figs. 3, 6), each building §V's problem for a realization ({@link IspacScenario}) and
 * reporting a design on the true (near-field) channels, whatever CSI it was designed with.
 */
final class IspacDesignLinks {
    private IspacDesignLinks() {
    }

    /**
     * One design, evaluated on the true channels.
     *
     * @param objective   tr CRB as designed (the CRB does not depend on the users' channels)
     * @param rootCrb     √CRB of θ (rad) and r (m)
     * @param trueSinrDb  the users' SINRs on the near-field channels
     * @param powerExcess transmitted power over the budget, relative (≤ 0 when met)
     * @param repaired    for a design made with the far-field CSI: this design repaired to meet the users' limits on
     *                    the true channels (computed on demand; {@link DesignInfeasibleException} when it cannot be
     *                    repaired), null otherwise
     */
    record Designed(double objective, double[] rootCrb, double[] trueSinrDb, double powerExcess, double[] phasesRad,
                    int chains, double[] history, Supplier<Designed> repaired) {
    }

    /** One link's design runs. */
    interface Link {
        String name();

        /** The paper's figure numbers: convergence, root-CRB vs QoS / N_RF. */
        int[] figures();

        /**
         * Designs realization {@code r} at QoS {@code q} with the near- or far-field CSI, from {@code seeds} own
         * starts and from each phase vector in {@code starts} (the best wins; the figures pass the far design's
         * phases to the near design).
         */
        Designed design(int na, int nb, double q, long r, boolean farCsi, int chains, long seed, double tolerance,
                        int seeds, List<double[]> starts);

        /** Own starts of this link's near multi-start (the live estimator's, {@code nearMultiStart}). */
        int nearSeeds();

        /** The single-start design. */
        default Designed design(int na, int nb, double q, long r, boolean farCsi, int chains, long seed,
                                double tolerance) {
            return design(na, nb, q, r, farCsi, chains, seed, tolerance, 1, List.of());
        }

        /** The AO history from the paper's random analog start (uplink, Fig. 3), null where not offered. */
        default double[] paperStartHistory(int na, int nb, double q, long r, int chains, long seed, double tol) {
            return null;
        }
    }

    static SplittableRandom rng(long seed, long realization) {
        return new SplittableRandom(seed * 1_000_003L + realization);
    }

    static Link downlink(long seed, int snapshots) {
        return new Link() {
            public String name() {
                return "downlink";
            }

            public int[] figures() {
                return new int[]{2, 5};
            }

            public int nearSeeds() {
                return DownlinkDesign.NEAR_SEEDS;
            }

            public Designed design(int na, int nb, double q, long r, boolean farCsi, int chains, long s, double tol,
                                   int seeds, List<double[]> starts) {
                DoubleArrayModel model = IspacGeometry.paper(na, nb);
                IspacScenario.Channels ch = IspacScenario.users(model, 4, rng(seed, r));
                double[] qs = {q, q, q, q};
                DownlinkProblem pr = new DownlinkProblem(model, Math.toRadians(45), 20, IspacScenario.targetGain(20),
                        IspacScenario.NOISE_W, snapshots, ch.near(), qs, IspacScenario.NOISE_W,
                        IspacScenario.BS_POWER_W);
                DownlinkDesign.Result d = DownlinkDesign.design(farCsi ? pr.withChannels(ch.far()) : pr, chains, s,
                        30, tol, seeds, starts);
                return evaluated(pr, d, farCsi ? () -> evaluated(pr, DownlinkDesign.repaired(pr, d), null) : null);
            }

            private Designed evaluated(DownlinkProblem pr, DownlinkDesign.Result d, Supplier<Designed> repaired) {
                double[] c = IspacCrb.downlinkCrb(pr.model(), pr.angleRad(), pr.rangeM(), pr.betaAbs(),
                        pr.sensingNoise(), pr.snapshots(), d.transmitCovariance());
                return new Designed(c[0] + c[3], new double[]{Math.sqrt(c[0]), Math.sqrt(c[3])},
                        DownlinkDesign.sinrDb(pr, d.analog(), d.precoders(), d.probing()),
                        d.power() / IspacScenario.BS_POWER_W - 1, d.phasesRad(), d.chains(), d.history(), repaired);
            }
        };
    }

    static Link uplink(long seed, int snapshots) {
        return new Link() {
            public String name() {
                return "uplink";
            }

            public int[] figures() {
                return new int[]{3, 6};
            }

            public int nearSeeds() {
                return UplinkDesign.NEAR_SEEDS;
            }

            public Designed design(int na, int nb, double q, long r, boolean farCsi, int chains, long s, double tol,
                                   int seeds, List<double[]> starts) {
                DoubleArrayModel model = IspacGeometry.paper(na, nb);
                IspacScenario.Channels ch = IspacScenario.users(model, 4, rng(seed, r));
                double[] qs = {q, q, q, q};
                UplinkProblem pr = new UplinkProblem(model, Math.toRadians(45), 20, IspacScenario.targetGain(20),
                        IspacScenario.NOISE_W, snapshots, ch.near(), qs, IspacScenario.USER_POWER_W,
                        IspacScenario.BS_POWER_W);
                UplinkDesign.Result d = UplinkDesign.design(farCsi ? pr.withChannels(ch.far()) : pr, chains, s, 30,
                        tol, seeds, starts);
                return evaluated(pr, d, farCsi ? () -> evaluated(pr, UplinkDesign.repaired(pr, d), null) : null);
            }

            private Designed evaluated(UplinkProblem pr, UplinkDesign.Result d, Supplier<Designed> repaired) {
                double[] c = d.crb(pr);
                return new Designed(c[0] + c[3], new double[]{Math.sqrt(c[0]), Math.sqrt(c[3])},
                        UplinkDesign.sinrDb(pr, d.analog(), d.probing()),
                        d.power() / IspacScenario.BS_POWER_W - 1, d.phasesRad(), d.chains(), d.history(), repaired);
            }

            @Override
            public double[] paperStartHistory(int na, int nb, double q, long r, int chains, long s, double tol) {
                DoubleArrayModel model = IspacGeometry.paper(na, nb);
                double[] qs = {q, q, q, q};
                UplinkProblem pr = new UplinkProblem(model, Math.toRadians(45), 20, IspacScenario.targetGain(20),
                        IspacScenario.NOISE_W, snapshots, IspacScenario.users(model, 4, rng(seed, r)).near(), qs,
                        IspacScenario.USER_POWER_W, IspacScenario.BS_POWER_W);
                return UplinkDesign.design(pr, chains, s, 30, tol, true).history();
            }
        };
    }
}
