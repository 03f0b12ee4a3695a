package org.nftb.calibration;

import org.nftb.model.Angles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Explains how a fresh estimate of W differs from the table in force after a restart or retune, channel by channel,
 * as LO phase jumps: TwinRX-class receivers come back with their phase moved by a multiple of 90°, and LOs that
 * relock can land anywhere.
 *
 * <p>With {@code ρ_n = arg(ŵ_n / w_n)} (fresh over table), the common phase is unobservable; modulo a quarter turn it
 * is {@code c = arg(Σ_n e^{j4ρ_n}) / 4}, which every quarter-turn jump leaves unchanged (computed twice, the second
 * time from the channels within the tolerance of a quarter turn only, so that an arbitrary jump does not pull it). Each channel then sits at
 * {@code k_n} quarter turns, {@code k_n = round((ρ_n − c)/90°)}, with a remainder {@code r_n}. The quarter turn
 * most channels share is taken as "no jump". A channel whose remainder is within the tolerance (plus three of its
 * own standard deviations) has jumped by exactly {@code k_n·90°}, and the table is re-referenced by that exact
 * amount (no measurement noise enters). A channel outside it is an arbitrary LO jump: re-referenced to the fresh
 * estimate when that estimate can be trusted for arbitrary phases (an injected reference), unresolved otherwise.
 */
public final class JumpResolver {
    private JumpResolver() {
    }

    /**
     * @param resolved      every channel explained
     * @param quarterTurns  k_n relative to the most common state (0..3; 0: no quarter-turn jump)
     * @param remainderDeg  r_n, degrees
     * @param correction    unit phasors to multiply the table by (interleaved), 1 where nothing jumped
     * @param jumps         the channels that jumped, in words (empty when none did)
     * @param unexplained   channels neither a quarter turn nor re-referenced
     */
    public record Resolution(boolean resolved, int[] quarterTurns, double[] remainderDeg, double[] correction,
                             List<String> jumps, List<Integer> unexplained) {
        /** Whether any channel moved. */
        public boolean anyJump() {
            return !jumps.isEmpty();
        }
    }

    /**
     * @param ratio           {@code ŵ_n / w_n}, interleaved
     * @param phaseStdRad     standard deviation of each fresh phase, radians (NaN: unknown, treated as 0)
     * @param toleranceRad    how far a channel may sit from its quarter turn
     * @param rereference     whether arbitrary jumps may be re-referenced to the fresh estimate
     */
    public static Resolution resolve(double[] ratio, double[] phaseStdRad, double toleranceRad, boolean rereference) {
        int n = ratio.length / 2;
        double[] rho = new double[n];
        double sr = 0;
        double si = 0;
        for (int i = 0; i < n; i++) {
            rho[i] = Math.atan2(ratio[2 * i + 1], ratio[2 * i]);
            double mag = Math.hypot(ratio[2 * i], ratio[2 * i + 1]);
            sr += mag * Math.cos(4 * rho[i]);
            si += mag * Math.sin(4 * rho[i]);
        }
        double c = Math.atan2(si, sr) / 4;
        // once more from the channels that sit on a quarter turn only: an arbitrary jump must not pull c
        sr = 0;
        si = 0;
        for (int i = 0; i < n; i++) {
            double d = Angles.wrapRad(rho[i] - c);
            double r = Angles.wrapRad(d - Math.round(d / (Math.PI / 2)) * Math.PI / 2);
            if (Math.abs(r) <= toleranceRad) {
                sr += Math.cos(4 * rho[i]);
                si += Math.sin(4 * rho[i]);
            }
        }
        if (sr != 0 || si != 0) {
            c = Math.atan2(si, sr) / 4;
        }
        int[] k = new int[n];
        double[] rem = new double[n];
        int[] votes = new int[4];
        for (int i = 0; i < n; i++) {
            double d = Angles.wrapRad(rho[i] - c);
            k[i] = Math.floorMod((int) Math.round(d / (Math.PI / 2)), 4);
            rem[i] = Angles.wrapRad(d - k[i] * Math.PI / 2);
            votes[k[i]]++;
        }
        int mode = 0;
        for (int q = 1; q < 4; q++) {
            if (votes[q] > votes[mode]) {
                mode = q;
            }
        }
        double[] corr = new double[2 * n];
        List<String> jumps = new ArrayList<>();
        List<Integer> unexplained = new ArrayList<>();
        double[] remDeg = new double[n];
        for (int i = 0; i < n; i++) {
            k[i] = Math.floorMod(k[i] - mode, 4);
            remDeg[i] = Math.toDegrees(rem[i]);
            double std = Double.isFinite(phaseStdRad[i]) ? phaseStdRad[i] : 0;
            double turn = k[i] * Math.PI / 2;
            if (Math.abs(rem[i]) <= toleranceRad + 3 * std) {
                corr[2 * i] = Math.cos(turn);
                corr[2 * i + 1] = Math.sin(turn);
                if (k[i] != 0) {
                    jumps.add(String.format(Locale.ROOT, "channel %d: %+d deg", i, k[i] == 3 ? -90 : 90 * k[i]));
                }
            } else if (rereference) {
                corr[2 * i] = Math.cos(turn + rem[i]);
                corr[2 * i + 1] = Math.sin(turn + rem[i]);
                jumps.add(String.format(Locale.ROOT, "channel %d: LO jump %+.1f deg", i,
                        Math.toDegrees(Angles.wrapRad(turn + rem[i]))));
            } else {
                corr[2 * i] = 1;
                unexplained.add(i);
            }
        }
        return new Resolution(unexplained.isEmpty(), k, remDeg, corr, jumps, unexplained);
    }
}
