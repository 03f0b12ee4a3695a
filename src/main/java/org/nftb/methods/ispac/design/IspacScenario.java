package org.nftb.methods.ispac.design;

import org.nftb.model.DoubleArrayModel;

import java.util.SplittableRandom;

/**
 * Seed 003 §V's random scenes for the transmit designs: K users and L_k = 2 scatterers per user at 20-30 m from the
 * MT's centre at uniform angles (the paper says "random angles following the uniform distribution"; our range:
 * ±60° from broadside), the NYC 28 GHz path loss of eq. 71 ({a1, a2} = {61.4, 2} LoS, {72, 2.92} NLoS over the
 * path user → scatterer → MT), user channels by eq. 6 with exact steering (the model's own near-field response) or by
 * eq. 72 (far-field steering, same coefficients: the far-field baseline's CSI); the target's two-way gain
 * {@code |β| = β_r β_p²}, β_r = 0 dB, β_p the LoS path loss at the target's range. Powers in watts: BS 30 dBm,
 * users 20 dBm, noise −80 dBm. Stateless.
 */
public final class IspacScenario {
    /** BS power budget, W (30 dBm). */
    public static final double BS_POWER_W = 1.0;
    /** User transmit power, W (20 dBm). */
    public static final double USER_POWER_W = 0.1;
    /** Noise power at the BS and at the users, W (−80 dBm). */
    public static final double NOISE_W = 1e-11;
    /** Scatterers per user (§V). */
    public static final int SCATTERERS = 2;
    /** Half-width of the users' and scatterers' angle range (our choice), rad. */
    public static final double ANGLE_SPAN_RAD = Math.toRadians(60);

    /** The channels of one realization: near-field (eq. 6) and the far-field view of the same scene (eq. 72). */
    public record Channels(double[][] near, double[][] far) {
    }

    private IspacScenario() {
    }

    /** Path loss of eq. 71 as an amplitude factor. */
    public static double amplitude(double distanceM, boolean lineOfSight) {
        double db = lineOfSight ? 61.4 + 20 * Math.log10(distanceM) : 72 + 29.2 * Math.log10(distanceM);
        return Math.pow(10, -db / 20);
    }

    /** |β| of a target at {@code rangeM}: β_r = 0 dB times the LoS path loss squared (two hops). */
    public static double targetGain(double rangeM) {
        double b = amplitude(rangeM, true);
        return b * b;
    }

    /** K user channels to the model's MT, seeded. */
    public static Channels users(DoubleArrayModel model, int users, SplittableRandom rng) {
        int na = model.mtCount();
        double lambda = model.wavelengthM();
        double k = 2 * Math.PI / lambda;
        double[][] near = new double[users][2 * na];
        double[][] far = new double[users][2 * na];
        double[] e = new double[2 * na];
        for (int u = 0; u < users; u++) {
            double th = (2 * rng.nextDouble() - 1) * ANGLE_SPAN_RAD;
            double r = 20 + 10 * rng.nextDouble();
            add(model, th, r, amplitude(r, true), k * r, near[u], far[u], e);
            double ux = r * Math.sin(th);
            double uy = r * Math.cos(th);
            for (int l = 0; l < SCATTERERS; l++) {
                double ts = (2 * rng.nextDouble() - 1) * ANGLE_SPAN_RAD;
                double rs = 20 + 10 * rng.nextDouble();
                double dist = Math.hypot(rs * Math.sin(ts) - ux, rs * Math.cos(ts) - uy);
                add(model, ts, rs, amplitude(rs + dist, false) / Math.sqrt(SCATTERERS), k * (rs + dist), near[u],
                        far[u], e);
            }
        }
        return new Channels(near, far);
    }

    /** Adds {@code amp e^{−j phase} e(θ, r)} (exact) to near and {@code amp e^{−j phase} e_far(θ)} to far. */
    private static void add(DoubleArrayModel model, double th, double r, double amp, double phase, double[] near,
                            double[] far, double[] e) {
        int na = model.mtCount();
        double cr = amp * Math.cos(phase);
        double ci = -amp * Math.sin(phase);
        model.steering(model.mt(), th, r, e, null, null);
        accumulate(e, cr, ci, near, na);
        DoubleArrayModel.farField(model.mt(), model.wavelengthM(), th, e);
        accumulate(e, cr, ci, far, na);
    }

    private static void accumulate(double[] e, double cr, double ci, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[2 * i] += cr * e[2 * i] - ci * e[2 * i + 1];
            out[2 * i + 1] += cr * e[2 * i + 1] + ci * e[2 * i];
        }
    }
}
