package org.nftb.methods.seqbeam;

/**
 * Path power gains |β_k|² of seed 002's scenes (the model {@link SystemParams} states): line of sight
 * {@code (λ/4π)² d^{−n}}, every reflection the radar equation {@code λ² σ_RCS/((4π)³ d₁² d₂²)}, times the path's
 * log-normal shadowing. Stateless.
 */
public final class Gains {
    private Gains() {
    }

    /** |β_k|² of path k of {@code stage} in {@code scene} (shadowing included). */
    public static double powerGain(Stage stage, SystemParams sys, SeqBeamScene scene, int k) {
        double lambda = sys.wavelengthM();
        double fourPi = 4 * Math.PI;
        double[] p = scene.point(k);
        double r = Math.hypot(p[0], p[1]);
        double g;
        double shadowDb;
        if (stage == Stage.MS) {
            double rcs = k == 0 ? sys.ueRcsM2() : sys.ptRcsM2();
            g = lambda * lambda * rcs / (fourPi * fourPi * fourPi * r * r * r * r);
            shadowDb = scene.msShadowDb()[k];
        } else if (k == 0) {
            g = Math.pow(lambda / fourPi, 2) * Math.pow(r, -sys.pathLossExponent());
            shadowDb = scene.bpShadowDb()[0];
        } else {
            double d2 = Math.hypot(p[0] - scene.ue()[0], p[1] - scene.ue()[1]);
            g = lambda * lambda * sys.ptRcsM2() / (fourPi * fourPi * fourPi * r * r * d2 * d2);
            shadowDb = scene.bpShadowDb()[k];
        }
        return g * Math.pow(10, shadowDb / 10);
    }
}
