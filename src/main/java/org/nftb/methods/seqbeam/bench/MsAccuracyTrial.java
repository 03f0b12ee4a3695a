package org.nftb.methods.seqbeam.bench;

import org.nftb.methods.seqbeam.Bounds;
import org.nftb.methods.seqbeam.ChannelFim;
import org.nftb.methods.seqbeam.Evaluator;
import org.nftb.methods.seqbeam.MsEstimator;
import org.nftb.methods.seqbeam.MsTarget;
import org.nftb.methods.seqbeam.OfdmEcho;
import org.nftb.methods.seqbeam.Phase;
import org.nftb.methods.seqbeam.SeqBeamScene;
import org.nftb.methods.seqbeam.SlotSchedule;
import org.nftb.methods.seqbeam.Stage;
import org.nftb.methods.seqbeam.StageModel;
import org.nftb.methods.seqbeam.SystemParams;
import org.nftb.methods.seqbeam.design.Designer;
import org.nftb.montecarlo.Trial;

import java.util.SplittableRandom;

/**
 * The MS estimator ({@link MsEstimator}) against the bound of the data it sees: one MS snapshot of the whole block
 * with the Extended-MS design (ℒ_MS with the radial velocity), a UE and two PTs, the exact OFDM echo model plus
 * noise, the power budget offset per point (the SNR axis). Metrics: squared UE position error, squared UE radial
 * velocity error, mean squared PT position error (estimates matched to the truth by nearest position), 1 for a
 * missed UE (no estimate within 10 PEB), the UE echo's integrated SNR (dB, from the truth), and the bounds (UE PEB,
 * radial VEB, PT PEB) of the exact MS FIM of the same schedule.
 */
public final class MsAccuracyTrial implements Trial<Void> {
    private static final long serialVersionUID = 1L;
    static final double[] UE = {6, 30};
    static final double[] UE_VELOCITY = {12, -5};
    static final double[][] PTS = {{-15, 40}, {20, 25}};

    private final SystemParams base;
    private final double[] offsetsDb;

    public MsAccuracyTrial(SystemParams base, double[] offsetsDb) {
        this.base = base;
        this.offsetsDb = offsetsDb.clone();
    }

    /** The small system of the estimator benchmark and the live configuration's size. */
    public static SystemParams system() {
        return SystemParams.tableII().withSize(16, 4, 64, 120e6, 8, 8).withCovarianceSymbols(0);
    }

    @Override
    public int metrics() {
        return 8;
    }

    @Override
    public Void newContext() {
        return null;
    }

    @Override
    public void run(Void context, int point, int trial, long seed, double[] out) {
        SystemParams sys = base.withPowerBudgetW(base.powerBudgetW() * Math.pow(10, offsetsDb[point] / 10));
        SeqBeamScene scene = new SeqBeamScene(UE, UE_VELOCITY, PTS, null, null, null, null);
        Phase ph = Phase.of(sys, sys.totalSymbols(), 0);
        SlotSchedule s = new Designer(sys, scene, ChannelFim.Mode.EXACT).msWhole(ph, 1).schedule(Stage.MS, sys);
        Bounds b = new Evaluator(sys, scene, ChannelFim.Mode.EXACT).stage(Stage.MS, ph, s);
        StageModel ms = StageModel.of(Stage.MS, sys, scene);
        double[][] sym = OfdmEcho.symbols(sys, ph, s);
        double[] y = new double[2 * sys.totalSymbols() * sys.subcarriers() * sys.bsElements()];
        OfdmEcho.Path[] paths = new OfdmEcho.Path[PTS.length + 1];
        for (int k = 0; k <= PTS.length; k++) {
            double[] p = scene.point(k);
            paths[k] = new OfdmEcho.Path(p[0], p[1], k == 0 ? ms.dopplerHz(0) : 0, ms.gainRe(k), ms.gainIm(k));
        }
        double[] ue = new double[y.length];
        OfdmEcho.add(sys, new OfdmEcho.Path[] {paths[0]}, sym[0], sym[1], ue);
        double ueEnergy = 0;
        for (double v : ue) {
            ueEnergy += v * v;
        }
        OfdmEcho.add(sys, paths, sym[0], sym[1], y);
        OfdmEcho.addNoise(y, sys.noisePowerW(), new SplittableRandom(seed));
        MsEstimator est = new MsEstimator(sys, 3, 120, Math.toRadians(70), 12, PTS.length + 2);
        est.setSymbols(sym[0], sym[1]);
        MsTarget[] found = est.estimate(y);
        double vr = (UE_VELOCITY[0] * UE[0] + UE_VELOCITY[1] * UE[1]) / Math.hypot(UE[0], UE[1]);
        MsTarget u = nearest(found, UE);
        double eu = u == null ? Double.POSITIVE_INFINITY : Math.hypot(u.xM() - UE[0], u.yM() - UE[1]);
        boolean miss = !(eu <= 10 * b.uePebM());
        out[0] = miss ? Double.NaN : eu * eu;
        out[1] = miss ? Double.NaN : Math.pow(u.radialVelocityMps() - vr, 2);
        double pt = 0;
        for (double[] p : PTS) {
            MsTarget t = nearest(found, p);
            pt += t == null ? Double.NaN : (Math.pow(t.xM() - p[0], 2) + Math.pow(t.yM() - p[1], 2)) / PTS.length;
        }
        out[2] = pt;
        out[3] = miss ? 1 : 0;
        out[4] = 10 * Math.log10(ueEnergy / sys.noisePowerW());
        out[5] = b.uePebM();
        out[6] = b.ueRadialVebMps();
        out[7] = b.ptPebM();
    }

    private static MsTarget nearest(MsTarget[] ts, double[] p) {
        MsTarget best = null;
        double d = Double.POSITIVE_INFINITY;
        for (MsTarget t : ts) {
            double e = Math.hypot(t.xM() - p[0], t.yM() - p[1]);
            if (e < d) {
                d = e;
                best = t;
            }
        }
        return best;
    }
}
