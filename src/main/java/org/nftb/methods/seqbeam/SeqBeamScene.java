package org.nftb.methods.seqbeam;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One realization of seed 002's geometry (§II-A): the UE at {@code p_U} moving with constant velocity {@code v_U}
 * over the block, K static passive targets (PTs) at {@code p_k}, and per path the shadowing (dB) and carrier phase of
 * its complex gain, for the MS echoes and the BP paths separately (index 0 the UE / the line of sight, k the PTs).
 * Positions in the BS frame (DESIGN.md: BS array on the x-axis centred at the origin, broadside +y). Immutable.
 *
 * <p>Checked on construction (a clear error naming the field): 1 ≤ K ≤ {@link #MAX_PTS}, every point in front of
 * the array (y > 0) and at least {@link #MIN_RANGE_M} from the BS and from each other, finite velocity.
 */
public record SeqBeamScene(double[] ue, double[] ueVelocity, double[][] pts, double[] msShadowDb, double[] msPhaseRad,
                           double[] bpShadowDb, double[] bpPhaseRad) implements Serializable {
    /**
     * Most PTs: the design works in the span of 3(K+1) steering vectors and derivatives, which must stay well below
     * N_B = 64 (and the bench's sweeps reach 8).
     */
    public static final int MAX_PTS = 16;
    /** Nearest a UE or PT may be to the BS (or to another point): 1 m, far beyond the 0.34 m aperture's reactive zone. */
    public static final double MIN_RANGE_M = 1.0;

    public SeqBeamScene {
        if (ue == null || ue.length != 2 || ueVelocity == null || ueVelocity.length != 2) {
            throw new IllegalArgumentException("scene.ue: give position [x, y] and velocity [vx, vy]");
        }
        if (pts == null || pts.length < 1 || pts.length > MAX_PTS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "scene.targets: seed 002 needs 1 to %d "
                    + "passive targets (PTs), got %d", MAX_PTS, pts == null ? 0 : pts.length));
        }
        int k = pts.length;
        checkPoint("scene.ue.position", ue);
        if (!Double.isFinite(ueVelocity[0]) || !Double.isFinite(ueVelocity[1])) {
            throw new IllegalArgumentException("scene.ue.velocity: must be finite");
        }
        int behind = 0;
        for (int i = 0; i < k; i++) {
            if (pts[i] == null || pts[i].length != 2) {
                throw new IllegalArgumentException("scene.targets[" + i + "]: give a position [x, y]");
            }
            if (pts[i][1] <= 0) {
                behind++;
            }
        }
        if (behind == k) {
            throw new IllegalArgumentException("scene.targets: every PT lies behind the BS array (y <= 0); a ULA "
                    + "cannot tell front from back: place the PTs in front (y > 0, broadside is +y)");
        }
        for (int i = 0; i < k; i++) {
            checkPoint("scene.targets[" + i + "].position", pts[i]);
            if (Math.hypot(pts[i][0] - ue[0], pts[i][1] - ue[1]) < MIN_RANGE_M) {
                throw new IllegalArgumentException("scene.targets[" + i + "].position: within " + MIN_RANGE_M
                        + " m of the UE; a PT must be a separate reflector");
            }
        }
        msShadowDb = lengthK1(msShadowDb, k, "msShadowDb");
        msPhaseRad = lengthK1(msPhaseRad, k, "msPhaseRad");
        bpShadowDb = lengthK1(bpShadowDb, k, "bpShadowDb");
        bpPhaseRad = lengthK1(bpPhaseRad, k, "bpPhaseRad");
        ue = ue.clone();
        ueVelocity = ueVelocity.clone();
        double[][] copy = new double[k][];
        for (int i = 0; i < k; i++) {
            copy[i] = pts[i].clone();
        }
        pts = copy;
    }

    private static void checkPoint(String field, double[] p) {
        if (!Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
            throw new IllegalArgumentException(field + ": must be finite");
        }
        double r = Math.hypot(p[0], p[1]);
        if (r < MIN_RANGE_M) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: %.3f m from the BS, which is at the "
                    + "origin; place it at least %.0f m away", field, r, MIN_RANGE_M));
        }
        if (p[1] <= 0) {
            throw new IllegalArgumentException(field + ": behind the BS array (y <= 0); broadside is +y");
        }
    }

    private static double[] lengthK1(double[] v, int k, String name) {
        if (v == null) {
            return new double[k + 1];
        }
        if (v.length != k + 1) {
            throw new IllegalArgumentException("scene." + name + ": one value per path (K + 1 = " + (k + 1)
                    + "), got " + v.length);
        }
        return v.clone();
    }

    /** K. */
    public int ptCount() {
        return pts.length;
    }

    /** Point k of the MS/BP path list: 0 the UE, k ≥ 1 PT k−1. */
    public double[] point(int k) {
        return k == 0 ? ue : pts[k - 1];
    }

    /** The same scene with the UE moved by {@code v·dt} (the second MS snapshot). */
    public SeqBeamScene advancedBy(double dtS) {
        double[] p = {ue[0] + ueVelocity[0] * dtS, ue[1] + ueVelocity[1] * dtS};
        return new SeqBeamScene(p, ueVelocity, pts, msShadowDb, msPhaseRad, bpShadowDb, bpPhaseRad);
    }

    /** The same scene with the first {@code k} PTs. */
    public SeqBeamScene withFirstPts(int k) {
        double[][] p = new double[k][];
        System.arraycopy(pts, 0, p, 0, k);
        return new SeqBeamScene(ue, ueVelocity, p, Arrays.copyOf(msShadowDb, k + 1),
                Arrays.copyOf(msPhaseRad, k + 1), Arrays.copyOf(bpShadowDb, k + 1),
                Arrays.copyOf(bpPhaseRad, k + 1));
    }

    /** The same scene with UE velocity {@code v}. */
    public SeqBeamScene withUeVelocity(double[] v) {
        return new SeqBeamScene(ue, v, pts, msShadowDb, msPhaseRad, bpShadowDb, bpPhaseRad);
    }

    /**
     * A random realization (§IV-B): UE and K PTs at ranges uniform in [minRange, maxRange] and angles uniform within
     * ±maxAngle of broadside (redrawn while two points lie within 1 m), UE speed uniform in [speedMin, speedMax] in a
     * uniform direction, shadowing N(0, σ_shadow²) dB and uniform phases per path.
     */
    public static SeqBeamScene random(SystemParams sys, int k, double minRangeM, double maxRangeM,
                                      double maxAngleRad, double speedMinMps, double speedMaxMps,
                                      SplittableRandom rng) {
        double[][] p = new double[k + 1][];
        for (int i = 0; i <= k; i++) {
            boolean ok;
            do {
                double r = minRangeM + (maxRangeM - minRangeM) * rng.nextDouble();
                double th = maxAngleRad * (2 * rng.nextDouble() - 1);
                p[i] = new double[] {r * Math.sin(th), r * Math.cos(th)};
                ok = true;
                for (int j = 0; j < i; j++) {
                    ok &= Math.hypot(p[i][0] - p[j][0], p[i][1] - p[j][1]) >= 2 * MIN_RANGE_M;
                }
            } while (!ok);
        }
        double speed = speedMinMps + (speedMaxMps - speedMinMps) * rng.nextDouble();
        double dir = 2 * Math.PI * rng.nextDouble();
        double[][] pts = new double[k][];
        System.arraycopy(p, 1, pts, 0, k);
        double[] ms = new double[k + 1];
        double[] msPh = new double[k + 1];
        double[] bp = new double[k + 1];
        double[] bpPh = new double[k + 1];
        for (int i = 0; i <= k; i++) {
            ms[i] = sys.shadowingDb() * rng.nextGaussian();
            msPh[i] = 2 * Math.PI * rng.nextDouble();
            bp[i] = sys.shadowingDb() * rng.nextGaussian();
            bpPh[i] = 2 * Math.PI * rng.nextDouble();
        }
        return new SeqBeamScene(p[0], new double[] {speed * Math.cos(dir), speed * Math.sin(dir)}, pts, ms, msPh,
                bp, bpPh);
    }
}
