package org.nftb.methods.ispac;

import org.nftb.bound.IspacCrb;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.Estimator;
import org.nftb.estimator.TargetEstimate;
import org.nftb.frontend.Snapshot;

import java.util.List;

/**
 * Seed 003's estimator on one CPI: downlink, the AT's snapshot (N_b × T) through {@link DownlinkPositioner}
 * (Algorithm 1); uplink, the MT's snapshot (N_a × T) combined by the analog network, {@code Fᴴ y(t)} (the hybrid
 * receiver emulated digitally, eq. 15), through {@link UplinkPositioner}. One target per CPI, at polar (θ, r) from
 * the receive array's reference point; velocities are not estimated (the model is static) and are reported as 0
 * with no covariance: the covariance holds only the 2×2 position block, the CRB (eq. 25 / 52) at the estimate with
 * the estimated |β| and the noise variance of the N − 1 smallest eigenvalues of YYᴴ/T; the velocity rows and
 * columns are unknown ({@link TargetEstimate#setPositionCovariance}, written as null).
 *
 * <p>Quality: fitAchieved is the share of ‖Y‖² the fitted echo explains, fitExpected what it should be at the
 * eigenvalue-estimated SNR if the position were right; the estimate is consistent when the achieved fit is at
 * least half the expected one. Kernel: nothing allocated per CPI (the CRB on its own workspace); not thread-safe; one
 * per worker.
 */
public final class IspacEstimator implements Estimator {
    /** What the covariance of a target is: the CRB (eq. 25 / 52) at the estimate with the estimated |β| and noise. */
    public static final String COVARIANCE_BOUND = "crb-at-estimate";
    /** Per-target diagnostics. */
    public static final List<String> DIAGNOSTICS = List.of("stage1AngleRad", "gainAbs", "noiseVariance",
            "rootCrbAngleRad", "rootCrbRangeM");
    static final double CONSISTENT_FRACTION = 0.5;

    private final IspacSetup setup;
    private final DownlinkPositioner down;
    private final UplinkPositioner up;
    private final float[] combined;
    private final double[] column;
    private final double[] fy;
    private final IspacCrb.Workspace crbWorkspace;
    private final double[] crb = new double[4];

    IspacEstimator(IspacSetup setup) {
        this.setup = setup;
        IspacConfig c = setup.config();
        if (c.link() == IspacConfig.Link.DOWNLINK) {
            this.down = new DownlinkPositioner(setup.model(), setup.block(), setup.snapshots(), c.sectorRad(),
                    c.minRangeM(), c.maxRangeM(), c.rangePoints());
            this.up = null;
            this.combined = null;
        } else {
            this.down = null;
            this.up = new UplinkPositioner(setup.model(), setup.hybrid(), setup.block(), setup.snapshots(),
                    c.sectorRad(), c.minRangeM(), c.maxRangeM());
            this.combined = new float[2 * setup.hybrid().chains() * setup.snapshots()];
        }
        this.column = new double[2 * setup.model().mtCount()];
        this.crbWorkspace = new IspacCrb.Workspace(setup.model().mtCount(), setup.model().atCount());
        this.fy = new double[2 * setup.hybrid().chains()];
    }

    @Override
    public String name() {
        return IspacConfig.TYPE;
    }

    @Override
    public void estimate(Snapshot snapshot, EstimateFrame out) {
        out.clear();
        float[] y = snapshot.data();
        if (snapshot.shape().tx() != 1 || snapshot.shape().rx() != setup.receiveChannels()
                || snapshot.shape().pulses() != setup.snapshots()) {
            throw new IllegalArgumentException("ispac expects 1 x " + setup.receiveChannels() + " x "
                    + setup.snapshots() + " snapshots (tx x rx x pulses), got " + snapshot.shape());
        }
        double theta;
        double range;
        double br;
        double bi;
        double noise;
        double fit;
        double expected;
        double stage1;
        int channels;
        if (down != null) {
            down.estimate(y);
            theta = down.angleRad();
            range = down.rangeM();
            br = down.betaRe();
            bi = down.betaIm();
            noise = down.noiseVarianceEig();
            fit = down.fitAchieved();
            expected = down.fitExpected();
            stage1 = down.musicAngleRad();
            channels = setup.model().atCount();
        } else {
            combine(y);
            up.estimate(combined);
            theta = up.angleRad();
            range = up.rangeM();
            br = up.betaRe();
            bi = up.betaIm();
            noise = up.noiseVarianceEig();
            fit = up.fitAchieved();
            expected = up.fitExpected();
            stage1 = up.gridAngleRad();
            channels = setup.hybrid().chains();
        }
        double beta = Math.hypot(br, bi);
        setup.crb(theta, range, beta, noise, crbWorkspace, crb);
        TargetEstimate t = out.addTarget();
        t.setPolar(theta, range, 0, 0, setup.model().originXM(), setup.model().originYM());
        if (crb[0] > 0 && crb[3] > 0 && Double.isFinite(crb[0]) && Double.isFinite(crb[3])) {
            t.setPositionCovariance(crb, IspacEstimator.COVARIANCE_BOUND);
        }
        double energy = fit * 1;   // fit is a share; SNR per sample and element from the same numbers
        double snr = expected > 0 && noise > 0 ? signalPerSample(fit, channels, noise, y) : Double.NaN;
        t.setQuality(fit, expected, 10 * Math.log10(snr), fit >= CONSISTENT_FRACTION * expected && energy > 0);
        t.setDiagnostic(0, stage1);
        t.setDiagnostic(1, beta);
        t.setDiagnostic(2, noise);
        t.setDiagnostic(3, Math.sqrt(crb[0]));
        t.setDiagnostic(4, Math.sqrt(crb[3]));
    }

    /** Echo power per sample and channel over the noise: (fit ‖Y‖²/(N T) − σ²/(N T)) / σ². */
    private double signalPerSample(double fit, int channels, double noise, float[] y) {
        double e = 0;
        int len = 2 * channels * setup.snapshots();
        float[] src = combined != null ? combined : y;
        for (int i = 0; i < len; i++) {
            e += src[i] * src[i];
        }
        double perSample = (fit * e - noise) / ((double) channels * setup.snapshots());
        return Math.max(perSample, 0) / noise;
    }

    /** {@code Fᴴ y(t)} for every snapshot: N_a × T → N_RF × T. */
    private void combine(float[] y) {
        int na = setup.model().mtCount();
        int nrf = setup.hybrid().chains();
        int t = setup.snapshots();
        for (int m = 0; m < t; m++) {
            for (int n = 0; n < na; n++) {
                column[2 * n] = y[2 * (n * t + m)];
                column[2 * n + 1] = y[2 * (n * t + m) + 1];
            }
            setup.hybrid().adjointTimes(column, fy);
            for (int i = 0; i < nrf; i++) {
                combined[2 * (i * t + m)] = (float) fy[2 * i];
                combined[2 * (i * t + m) + 1] = (float) fy[2 * i + 1];
            }
        }
    }
}
