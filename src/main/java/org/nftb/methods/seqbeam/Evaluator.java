package org.nftb.methods.seqbeam;

/**
 * Bounds of realized schedules with the FIM of the chosen {@link ChannelFim.Mode} (exact per-slot time sums): a
 * stage over a phase ({@code design/DesignBounds} adds a design's sequential posterior, eq. 19), and the two MS
 * velocity estimators of §IV-B (Snapshot MS: two
 * static MS snapshots ΔT apart, velocity by finite differences of their UE positions; Extended MS: two MS snapshots
 * with Doppler, the UE positions of the two instants separate unknowns and the velocity common, so the velocity
 * comes from the two Doppler projections). The second snapshot sees the UE at {@code p_U + v ΔT} and the same
 * schedule (the BS does not know where the UE went). Not thread-safe.
 */
public final class Evaluator {
    private final SystemParams sys;
    private final SeqBeamScene scene;
    private final ChannelFim.Mode mode;
    private final StageModel ms;
    private final StageModel bp;

    public Evaluator(SystemParams sys, SeqBeamScene scene, ChannelFim.Mode mode) {
        this.sys = sys;
        this.scene = scene;
        this.mode = mode;
        this.ms = StageModel.of(Stage.MS, sys, scene);
        this.bp = StageModel.of(Stage.BP, sys, scene);
    }

    /** A stage's EFIM over η_p for a schedule on a phase; zero when the phase has no symbols. */
    public double[] stageEfim(Stage stage, Phase phase, SlotSchedule schedule, boolean knownDoppler) {
        StageModel m = stage == Stage.MS ? ms : bp;
        int np = 4 + 2 * scene.ptCount();
        if (phase.symbols() == 0) {
            return new double[np * np];
        }
        ChannelFim k = new ChannelFim(m, phase, mode);
        double[] f = new double[k.size() * k.size()];
        k.compute(schedule.beams(), f);
        return PositionFim.efim(m, f, knownDoppler);
    }

    /** One stage over a phase. */
    public Bounds stage(Stage stage, Phase phase, SlotSchedule s) {
        return Bounds.of(stageEfim(stage, phase, s, false), scene.ptCount(), scene.ue());
    }

    /** Snapshot MS: UE PEB of the first snapshot; VEB {@code √tr(C₁ + C₂)/ΔT}. */
    public Bounds snapshotMs(Phase phase, SlotSchedule s, double dtS) {
        int k = scene.ptCount();
        double[] c1 = uePositionCrb(stageEfim(Stage.MS, phase, s, true), k);
        Evaluator second = new Evaluator(sys, scene.advancedBy(dtS), mode);
        double[] c2 = uePositionCrb(second.stageEfim(Stage.MS, phase, s, true), k);
        if (c1 == null || c2 == null) {
            return new Bounds(Double.NaN, Double.NaN, Double.NaN, Double.NaN, false, -1);
        }
        double veb = Math.sqrt(c1[0] + c1[3] + c2[0] + c2[3]) / dtS;
        return new Bounds(Math.sqrt(c1[0] + c1[3]), veb, Double.NaN, c1[4], true, 0);
    }

    /** Extended MS: parameters (p₁, v, PTs, p₂); each snapshot's EFIM (with Doppler) placed and summed. */
    public Bounds extendedMs(Phase phase, SlotSchedule s, double dtS) {
        int k = scene.ptCount();
        int np = 4 + 2 * k;
        int n = np + 2;
        double[] e1 = stageEfim(Stage.MS, phase, s, false);
        double[] e2 = new Evaluator(sys, scene.advancedBy(dtS), mode).stageEfim(Stage.MS, phase, s, false);
        double[] all = new double[n * n];
        int[] map2 = new int[np];
        for (int i = 0; i < np; i++) {
            map2[i] = i < 2 ? np + i : i;
        }
        for (int i = 0; i < np; i++) {
            for (int j = 0; j < np; j++) {
                all[i * n + j] += e1[i * np + j];
                all[map2[i] * n + map2[j]] += e2[i * np + j];
            }
        }
        if (Bounds.rankDeficit(all, n) > 0) {
            return new Bounds(Double.NaN, Double.NaN, Double.NaN, Double.NaN, false, Bounds.rankDeficit(all, n));
        }
        double[] inv = Dense.inverse(all, n);
        double pt = 0;
        for (int i = 4; i < np; i++) {
            pt += inv[i * n + i];
        }
        return new Bounds(Math.sqrt(inv[0] + inv[n + 1]), Math.sqrt(inv[2 * n + 2] + inv[3 * n + 3]), Double.NaN,
                Math.sqrt(pt / k), true, 0);
    }

    /**
     * The UE position block of the inverse of a static snapshot's EFIM (velocity rows zero, dropped), as
     * [c00, c01, c10, c11, PT PEB]; null when singular.
     */
    private static double[] uePositionCrb(double[] efim, int k) {
        int np = 4 + 2 * k;
        int m = np - 2;
        double[] sub = new double[m * m];
        for (int i = 0, a = 0; i < np; i++) {
            if (i == 2 || i == 3) {
                continue;
            }
            for (int j = 0, b = 0; j < np; j++) {
                if (j == 2 || j == 3) {
                    continue;
                }
                sub[a * m + b++] = efim[i * np + j];
            }
            a++;
        }
        if (Bounds.rankDeficit(sub, m) > 0) {
            return null;
        }
        double[] inv = Dense.inverse(sub, m);
        if (inv == null) {
            return null;
        }
        double pt = 0;
        for (int i = 2; i < m; i++) {
            pt += inv[i * m + i];
        }
        return new double[] {inv[0], inv[1], inv[m], inv[m + 1], Math.sqrt(pt / k)};
    }

    public SeqBeamScene scene() {
        return scene;
    }
}
