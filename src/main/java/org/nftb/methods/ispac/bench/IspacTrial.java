package org.nftb.methods.ispac.bench;

import org.nftb.bound.IspacCrb;
import org.nftb.model.DoubleArrayModel;
import org.nftb.montecarlo.Trial;
import org.nftb.linalg.Cx;
import org.nftb.methods.ispac.DownlinkPositioner;
import org.nftb.methods.ispac.design.HybridArray;
import org.nftb.methods.ispac.IspacSignals;
import org.nftb.methods.ispac.UplinkPositioner;

import java.util.SplittableRandom;

/**
 * One Monte Carlo trial of seed 003 Fig. 4: at sensing SNR point p ({@code |β|²P/σ²}, P = tr(R_x) = 1 in downlink,
 * tr(R_u) = 1 in uplink, |β| = 1 with a phase drawn per trial), fresh noise, the positioner of the link, and the
 * errors (θ̂ − θ, r̂ − r). Points 0 … n−1 are downlink, n … 2n−1 uplink at the same SNRs. Captures only values.
 */
public final class IspacTrial implements Trial<IspacTrial.Context> {
    private static final long serialVersionUID = 1L;
    private final DoubleArrayModel model;
    private final HybridArray f;
    private final double[] x;
    private final double[] s;
    private final int snapshots;
    private final double[] snrDb;
    private final double angleRad;
    private final double rangeM;

    /** Per-worker positioners. */
    public record Context(DownlinkPositioner down, UplinkPositioner up) {
    }

    public IspacTrial(DoubleArrayModel model, HybridArray f, double[] x, double[] s, int snapshots, double[] snrDb,
                      double angleRad, double rangeM) {
        this.model = model;
        this.f = f;
        this.x = x.clone();
        this.s = s.clone();
        this.snapshots = snapshots;
        this.snrDb = snrDb.clone();
        this.angleRad = angleRad;
        this.rangeM = rangeM;
    }

    @Override
    public int metrics() {
        return 2;
    }

    @Override
    public Context newContext() {
        return new Context(new DownlinkPositioner(model, x, snapshots, Math.toRadians(80), 2, 200, 128),
                new UplinkPositioner(model, f, s, snapshots, Math.toRadians(80), 2, 200));
    }

    /** Root CRB (θ in rad, r in m) at point p. */
    public double[] rootCrb(int point) {
        boolean down = point < snrDb.length;
        double sigma2 = Math.pow(10, -snrDb[point % snrDb.length] / 10);
        double[] crb;
        if (down) {
            crb = IspacCrb.downlinkCrb(model, angleRad, rangeM, 1, sigma2, snapshots,
                    IspacSignals.covariance(x, model.mtCount(), snapshots));
        } else {
            double[] fd = f.dense();
            double[] gram = new double[2 * model.mtCount() * model.mtCount()];
            Cx.mulAdjoint(fd, fd, model.mtCount(), f.chains(), model.mtCount(), gram);
            crb = IspacCrb.uplinkCrb(model, angleRad, rangeM, 1, sigma2, snapshots, gram,
                    IspacSignals.covariance(s, model.atCount(), snapshots));
        }
        return new double[]{Math.sqrt(crb[0]), Math.sqrt(crb[3])};
    }

    @Override
    public void run(Context c, int point, int trial, long seed, double[] out) {
        boolean down = point < snrDb.length;
        double sigma2 = Math.pow(10, -snrDb[point % snrDb.length] / 10);
        double phase = 2 * Math.PI * new SplittableRandom(seed ^ 0x5DEECE66DL).nextDouble();
        double br = Math.cos(phase);
        double bi = Math.sin(phase);
        if (down) {
            float[] y = IspacSignals.downlinkEcho(model, angleRad, rangeM, br, bi, x, snapshots, sigma2, seed);
            c.down().estimate(y);
            out[0] = c.down().angleRad() - angleRad;
            out[1] = c.down().rangeM() - rangeM;
        } else {
            float[] y = IspacSignals.uplinkEcho(model, f, angleRad, rangeM, br, bi, s, snapshots, sigma2, seed);
            c.up().estimate(y);
            out[0] = c.up().angleRad() - angleRad;
            out[1] = c.up().rangeM() - rangeM;
        }
    }
}
