package org.nftb.methods.ispac.design;

import org.junit.jupiter.api.Test;
import org.nftb.methods.ispac.IspacGeometry;
import org.nftb.model.DoubleArrayModel;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The far-field design (baseline 1, designed on the far-field CSI of eq. 72) repaired to meet the users' SINR limits
 * on the true near-field channels, on fixed-seed realizations of the bench's scene (seed 2026, N_a = 64, N_RF = 16,
 * QoS 10 dB): every SINR ≥ its limit within 0.01 dB, power budget met, |f_n| = 1, and the repair minimal (downlink: F
 * kept, R_d only scaled down; uplink: F repaired by the multi-start's least-margin ascent, R_u only scaled down).
 */
class RepairedFarDesignTest {
    private static final long SEED = 2026;
    private static final double Q = 10;

    private static IspacScenario.Channels channels(DoubleArrayModel model, long realization) {
        return IspacScenario.users(model, 4, new SplittableRandom(SEED * 1_000_003L + realization));
    }

    private static double[] limits() {
        return new double[]{Q, Q, Q, Q};
    }

    private static void assertUnitModulus(double[] dense, int na, int chains) {
        int m = na / chains;
        for (int n = 0; n < na; n++) {
            int k = 2 * (n * chains + n / m);
            assertEquals(1, Math.hypot(dense[k], dense[k + 1]) * Math.sqrt(m), 1e-9, "element " + n);
        }
    }

    private static double least(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    /** The largest s with {@code repaired = s · original} (elementwise, to 1e-12 of the largest entry). */
    private static double scaleOf(double[] repaired, double[] original) {
        int i = 0;
        for (int j = 0; j < original.length; j++) {
            i = Math.abs(original[j]) > Math.abs(original[i]) ? j : i;
        }
        double s = repaired[i] / original[i];
        double tol = 1e-12 * Math.abs(original[i]);
        for (int j = 0; j < original.length; j++) {
            assertEquals(s * original[j], repaired[j], Math.max(tol, 1e-9 * Math.abs(s * original[j])), "entry " + j);
        }
        return s;
    }

    @Test
    void theRepairedDownlinkFarDesignMeetsEverySinrOnTheTrueChannelsKeepingItsAnalogNetwork() {
        DoubleArrayModel model = IspacGeometry.paper(64, 16);
        IspacScenario.Channels ch = channels(model, 0);
        DownlinkProblem pr = new DownlinkProblem(model, Math.toRadians(45), 20, IspacScenario.targetGain(20),
                IspacScenario.NOISE_W, 256, ch.near(), limits(), IspacScenario.NOISE_W, IspacScenario.BS_POWER_W);
        DownlinkDesign.Result far = DownlinkDesign.design(pr.withChannels(ch.far()), 16, SEED, 30, 1e-3);
        double[] before = DownlinkDesign.sinrDb(pr, far.analog(), far.precoders(), far.probing());
        assertTrue(least(before) < Q - 0.01, "the far design must miss a limit on the true channels: " + least(before));

        DownlinkDesign.Result rep = DownlinkDesign.repaired(pr, far);
        double[] after = DownlinkDesign.sinrDb(pr, rep.analog(), rep.precoders(), rep.probing());
        for (double v : after) {
            assertTrue(v >= Q - 0.01, "repaired SINR " + v);
        }
        assertArrayEquals(after, rep.sinrDb(), 1e-9);
        assertTrue(rep.power() <= IspacScenario.BS_POWER_W * (1 + 1e-9), "power " + rep.power());
        assertArrayEquals(far.phasesRad(), rep.phasesRad(), 1e-12);
        assertUnitModulus(rep.analog().dense(), 64, 16);
        double s = scaleOf(rep.probing(), far.probing());
        assertTrue(s >= 0 && s <= 1 + 1e-12, "R_d scale " + s);
        // its tr CRB is that of its own transmit covariance, and a design meeting the limits leaves it untouched
        assertEquals(rep.objective(), DownlinkDesign.repaired(pr, rep).objective(), 1e-9 * rep.objective());
        assertArrayEquals(rep.precoders(), DownlinkDesign.repaired(pr, rep).precoders(), 0.0);
    }

    @Test
    void theRepairedUplinkFarDesignMeetsEverySinrOnTheTrueChannelsScalingOnlyItsProbing() {
        DoubleArrayModel model = IspacGeometry.paper(64, 16);
        int tested = 0;
        for (long r = 0; r < 30 && tested < 2; r++) {
            IspacScenario.Channels ch = channels(model, r);
            UplinkProblem pr = new UplinkProblem(model, Math.toRadians(45), 20, IspacScenario.targetGain(20),
                    IspacScenario.NOISE_W, 256, ch.near(), limits(), IspacScenario.USER_POWER_W,
                    IspacScenario.BS_POWER_W);
            UplinkDesign.Result far;
            try {
                far = UplinkDesign.design(pr.withChannels(ch.far()), 16, SEED + r, 30, 1e-3);
            } catch (DesignInfeasibleException e) {
                continue;
            }
            if (least(UplinkDesign.sinrDb(pr, far.analog(), far.probing())) >= Q - 0.01) {
                continue;                                              // meets on the true channels: nothing to test
            }
            tested++;
            // on this scene a far F that misses a limit misses it even with the AT silent, so F is repaired too
            assertTrue(least(UplinkDesign.sinrDb(pr, far.analog(), new double[far.probing().length])) < Q,
                    "realization " + r);
            UplinkDesign.Result rep = UplinkDesign.repaired(pr, far);
            double[] after = UplinkDesign.sinrDb(pr, rep.analog(), rep.probing());
            for (double v : after) {
                assertTrue(v >= Q - 0.01, "realization " + r + ": repaired SINR " + v);
            }
            assertTrue(rep.power() <= IspacScenario.BS_POWER_W * (1 + 1e-9), "power " + rep.power());
            assertUnitModulus(rep.analog().dense(), 64, 16);
            double[] c = rep.crb(pr);
            assertEquals(c[0] + c[3], rep.objective(), 1e-12 * rep.objective());
            double s = scaleOf(rep.probing(), far.probing());          // R_u only scaled down, to the echo cap
            assertTrue(s > 0 && s <= 1, "realization " + r + ": R_u scale " + s);
            assertTrue(s == 1 || Math.abs(least(after) - Q) < 1e-6, "realization " + r + ": scaled " + s
                    + " but least SINR " + least(after));
        }
        assertEquals(2, tested, "far uplink designs missing a limit on the true channels");
    }
}
