package org.nftb.methods.ispac;

import org.nftb.bound.IspacCrb;
import org.nftb.config.RunConfig;
import org.nftb.estimator.Estimator;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.TransmitPlan;
import org.nftb.frontend.FrontEnd;
import org.nftb.frontend.IntegrateAndDump;
import org.nftb.methods.ispac.design.DownlinkDesign;
import org.nftb.methods.ispac.design.DownlinkProblem;
import org.nftb.methods.ispac.design.IspacScenario;
import org.nftb.methods.ispac.design.UplinkDesign;
import org.nftb.methods.ispac.design.UplinkProblem;
import org.nftb.model.DoubleArrayModel;
import org.nftb.stream.CpiLayout;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nftb.linalg.Cx;
import org.nftb.methods.ispac.design.HybridArray;

/**
 * What seed 003's estimator needs before its first CPI, built once: the double array (origin at the receive
 * array's reference point, the frame of the records), the MT's analog network F, the known transmitted block
 * (downlink X = F(WC + S_d), N_a × T; uplink S_u, N_b × T), its covariance for the CRB, and the burst the radio
 * sends every CPI ({@link TransmitPlan}: the block, each symbol held for S samples). Downlink transmit: with
 * {@code design: crb} Algorithm 2's F, W, R_d ({@link org.nftb.methods.ispac.design.DownlinkDesign}, power budget
 * 1 per sample; the multi-start near design that {@code nftb bench ispac --designs} judges); with {@code design: random} the seeded phase shifters and precoders below, total power 1 per sample
 * ({@code tr(WWᴴ + R_d) = 1}, FᴴF = I), a share {@code probingShare} of it on white probing R_d. Uplink: with
 * {@code design: crb} Algorithm 6's AT probing R_u (tr R_u ≤ 1) and MT combiner F
 * ({@link org.nftb.methods.ispac.design.UplinkDesign}); with {@code design: random} white probing and seeded F.
 * Its front end is integrate-and-dump to one value per symbol. Immutable and serializable.
 *
 * @param combinerGram uplink: F Fᴴ (N_a × N_a); downlink: unused (empty)
 * @param blockCov     downlink R_x = XXᴴ/T (N_a × N_a); uplink R_u = S_uS_uᴴ/T (N_b × N_b)
 */
public record IspacSetup(IspacConfig config, DoubleArrayModel model, HybridArray hybrid, double[] block,
                         double[] blockCov, double[] combinerGram, int snapshots, int samplesPerSymbol,
                         int receiveChannels, float[][] waveform) implements EstimatorSetup, TransmitPlan {

    static IspacSetup build(RunConfig cfg, IspacConfig c) {
        boolean down = c.link() == IspacConfig.Link.DOWNLINK;
        var mt = down ? cfg.txArray() : cfg.rxArray();
        var at = down ? cfg.rxArray() : cfg.txArray();
        DoubleArrayModel model = new DoubleArrayModel(mt, at, cfg.wavelengthM(), cfg.rxArray().referenceXM(),
                cfg.rxArray().referenceYM());
        int t = cfg.cpiSymbols();
        int na = mt.count();
        int nb = at.count();
        int nrf = c.rfChains();
        SplittableRandom rng = new SplittableRandom(c.seed());
        double[] phases = new double[na];
        for (int n = 0; n < na; n++) {
            phases[n] = 2 * Math.PI * rng.nextDouble();
        }
        HybridArray f = HybridArray.ofPhases(phases, nrf);
        double[] block;
        double[] cov;
        double[] gram = new double[0];
        if (down && c.design() == IspacConfig.Design.CRB && c.users() > 0) {
            DownlinkDesign.Result d = design(cfg, c, model, t);
            f = d.analog();
            block = IspacSignals.downlinkBlock(f, d.precoders(), c.users(), d.probing(), t, rng.nextLong());
            cov = IspacSignals.covariance(block, na, t);
        } else if (down) {
            double[] w = new double[2 * nrf * c.users()];
            double wPower = 0;
            for (int i = 0; i < w.length; i++) {
                w[i] = IspacSignals.gaussian(rng);
                wPower += w[i] * w[i];
            }
            double scale = c.users() == 0 ? 0 : Math.sqrt((1 - c.probingShare()) / wPower);
            for (int i = 0; i < w.length; i++) {
                w[i] *= scale;
            }
            double[] rd = new double[2 * nrf * nrf];
            for (int i = 0; i < nrf; i++) {
                rd[2 * (i * nrf + i)] = (c.users() == 0 ? 1 : c.probingShare()) / nrf;
            }
            block = IspacSignals.downlinkBlock(f, w, c.users(), rd, t, rng.nextLong());
            cov = IspacSignals.covariance(block, na, t);
        } else {
            double[] ru = new double[2 * nb * nb];
            for (int i = 0; i < nb; i++) {
                ru[2 * (i * nb + i)] = 1.0 / nb;
            }
            if (c.design() == IspacConfig.Design.CRB && c.users() > 0) {
                UplinkDesign.Result d = uplinkDesign(cfg, c, model, t);
                f = d.analog();
                ru = d.probing();
            }
            block = IspacSignals.probingBlock(ru, nb, t, rng.nextLong());
            cov = IspacSignals.covariance(block, nb, t);
            double[] fd = f.dense();
            gram = new double[2 * na * na];
            Cx.mulAdjoint(fd, fd, na, nrf, na, gram);
        }
        int s = cfg.samplesPerSymbol();
        int txCount = down ? na : nb;
        float[][] wave = new float[txCount][2 * t * s];
        for (int j = 0; j < txCount; j++) {
            for (int m = 0; m < t; m++) {
                float re = (float) block[2 * (j * t + m)];
                float im = (float) block[2 * (j * t + m) + 1];
                for (int k = 0; k < s; k++) {
                    wave[j][2 * (m * s + k)] = re;
                    wave[j][2 * (m * s + k) + 1] = im;
                }
            }
        }
        return new IspacSetup(c, model, f, block, cov, gram, t, s, cfg.rxArray().count(), wave);
    }

    /**
     * Algorithm 2's design for this hw-config, the multi-start near design the bench judges
     * ({@link org.nftb.methods.ispac.design.DownlinkDesign#nearMultiStart}: own starts plus the F of the design on the
     * users' far-field channels, eq. 72) on {@link #downlinkProblem}, 30 AO rounds at most, ε_AO = 1e-3.
     */
    static DownlinkDesign.Result design(RunConfig cfg, IspacConfig c,
                                                                    DoubleArrayModel model, int t) {
        var pr = downlinkProblem(cfg, c, model, t);
        return DownlinkDesign.nearMultiStart(pr,
                pr.withChannels(users(c, model).far()), c.rfChains(), c.seed(), 30, 1e-3);
    }

    /**
     * Algorithm 2's problem for this hw-config: the target expected at {@code designTarget} (or the first scene
     * target), K seeded users placed as in §V ({@link org.nftb.methods.ispac.design.IspacScenario}: the lab has no
     * user terminals), every user's SINR limit {@code userSinr}, the power budget the unit of the block (total power 1
     * per sample, the same scale as the random design), §V's path loss and noise for the SINRs.
     */
    static DownlinkProblem downlinkProblem(RunConfig cfg, IspacConfig c,
                                          DoubleArrayModel model, int t) {
        double[] at = expectedTarget(cfg, c, model);
        double noise = IspacScenario.NOISE_W;
        return new DownlinkProblem(model, at[0], at[1],
                IspacScenario.targetGain(at[1]), noise, t, users(c, model).near(),
                sinrLimits(c), noise, 1.0);
    }

    /**
     * Algorithm 6's uplink design, the same way (the multi-start near design the bench judges,
     * {@link org.nftb.methods.ispac.design.UplinkDesign#nearMultiStart}) on {@link #uplinkProblem}.
     */
    static UplinkDesign.Result uplinkDesign(RunConfig cfg, IspacConfig c,
                                                                        DoubleArrayModel model, int t) {
        var pr = uplinkProblem(cfg, c, model, t);
        return UplinkDesign.nearMultiStart(pr, pr.withChannels(users(c, model).far()),
                c.rfChains(), c.seed(), 30, 1e-3);
    }

    /**
     * Algorithm 6's problem: the AT's probing R_u (budget 1 per sample, as the white probing of
     * {@code design: random}) and the MT's combiner F, for K seeded uplink users of §V's power (20 dBm) and the
     * SINR limit {@code userSinr} (with their MMSE combiners; the lab has no user terminals, so the users exist
     * only in the design).
     */
    static UplinkProblem uplinkProblem(RunConfig cfg, IspacConfig c,
                                      DoubleArrayModel model, int t) {
        double[] at = expectedTarget(cfg, c, model);
        return new UplinkProblem(model, at[0], at[1],
                IspacScenario.targetGain(at[1]),
                IspacScenario.NOISE_W, t, users(c, model).near(), sinrLimits(c),
                IspacScenario.USER_POWER_W, 1.0);
    }

    /** The K seeded users of the design (near-field and far-field channels). */
    static IspacScenario.Channels users(IspacConfig c, DoubleArrayModel m) {
        return IspacScenario.users(m, c.users(), new SplittableRandom(c.seed()));
    }

    private static double[] sinrLimits(IspacConfig c) {
        double[] sinr = new double[c.users()];
        Arrays.fill(sinr, c.userSinrDb());
        return sinr;
    }

    /** (θ, r) from the MT's centre of {@code designTarget}, or of the first scene target. */
    private static double[] expectedTarget(RunConfig cfg, IspacConfig c, DoubleArrayModel model) {
        double x;
        double y;
        if (c.designTargetXy() != null) {
            x = c.designTargetXy()[0];
            y = c.designTargetXy()[1];
        } else {
            var first = cfg.scene().targets().get(0).initial();
            x = first.xM();
            y = first.yM();
        }
        return new double[]{Math.atan2(x - model.originXM(), y - model.originYM()),
                Math.hypot(x - model.originXM(), y - model.originYM())};
    }

    @Override
    public String type() {
        return IspacConfig.TYPE;
    }

    @Override
    public FrontEnd newFrontEnd() {
        return new IntegrateAndDump(new CpiLayout(receiveChannels, snapshots, samplesPerSymbol));
    }

    @Override
    public Estimator newEstimator() {
        return new IspacEstimator(this);
    }

    @Override
    public int maxTargets() {
        return 1;
    }

    /** The model is static: velocities are not estimated (written as 0, no covariance). */
    @Override
    public boolean estimatesVelocity() {
        return false;
    }

    @Override
    public List<String> diagnosticNames() {
        return IspacEstimator.DIAGNOSTICS;
    }

    @Override
    public TransmitPlan transmitPlan() {
        return this;
    }

    @Override
    public float[][] cpiWaveform() {
        return waveform;
    }

    @Override
    public double gainDb() {
        return config.txGainDb();
    }

    /** CRB of (θ, r) at the given values with this set-up's block (2×2 row-major). */
    double[] crb(double angleRad, double rangeM, double betaAbs, double noiseVariance) {
        double[] out = new double[4];
        crb(angleRad, rangeM, betaAbs, noiseVariance, new IspacCrb.Workspace(model.mtCount(), model.atCount()), out);
        return out;
    }

    /** {@link #crb(double, double, double, double)} into {@code out} on {@code w}: allocates nothing. */
    void crb(double angleRad, double rangeM, double betaAbs, double noiseVariance, IspacCrb.Workspace w,
             double[] out) {
        if (config.link() == IspacConfig.Link.DOWNLINK) {
            IspacCrb.downlinkCrb(model, angleRad, rangeM, betaAbs, noiseVariance, snapshots, blockCov, w, out);
        } else {
            IspacCrb.uplinkCrb(model, angleRad, rangeM, betaAbs, noiseVariance, snapshots, combinerGram, blockCov, w,
                    out);
        }
    }
}
