package org.nftb.methods.seqbeam.bench;

import org.nftb.methods.seqbeam.ChannelFim;
import org.nftb.methods.seqbeam.SeqBeamScene;
import org.nftb.methods.seqbeam.SlotSchedule;
import org.nftb.methods.seqbeam.Stage;
import org.nftb.methods.seqbeam.Steering;
import org.nftb.methods.seqbeam.SystemParams;
import org.nftb.methods.seqbeam.design.Designer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code nftb bench seqbeam fig2}: seed 002 Fig. 2 — the transmit beam patterns of P1 for pure MS (α = 0) and pure BP
 * (α = 1) on a symmetric geometry (UE at broadside, four PTs at ±20° and ±40°, all at the same range, no shadowing,
 * Table II otherwise): the array gain {@code Σ_l |bᵀ(θ, r) f_l|² / Σ_l ‖f_l‖²} in dB (at most 10 log₁₀ N_B) against
 * the angle at the common range (exact near-field vector), and the gain towards each point. CSV and PNG.
 */
@Command(name = "fig2", mixinStandardHelpOptions = true,
        description = "Seed 002 Fig. 2: beam patterns of pure MS (alpha 0) and pure BP (alpha 1) on a symmetric geometry.")
public final class Fig2Bench implements Callable<Integer> {
    @Option(names = "--range", description = "range of the UE and the PTs, m (default ${DEFAULT-VALUE})")
    double rangeM = 30;

    @Option(names = "--seed", description = "solver start seed (default ${DEFAULT-VALUE})")
    long seed = 2026;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default ${DEFAULT-VALUE})")
    Path out = Path.of("bench-out/seqbeam");

    static final double[] PT_DEG = {-40, -20, 20, 40};

    @Override
    public Integer call() throws Exception {
        SystemParams sys = SystemParams.tableII();
        double[][] pts = new double[PT_DEG.length][];
        for (int i = 0; i < pts.length; i++) {
            double a = Math.toRadians(PT_DEG[i]);
            pts[i] = new double[] {rangeM * Math.sin(a), rangeM * Math.cos(a)};
        }
        SeqBeamScene scene = new SeqBeamScene(new double[] {0, rangeM}, new double[] {10, -10}, pts, null, null, null,
                null);
        Designer d = new Designer(sys, scene, ChannelFim.Mode.EXACT);
        SlotSchedule ms = d.weightedSum(0, seed).schedule(Stage.MS, sys);
        SlotSchedule bp = d.weightedSum(1, seed).schedule(Stage.BP, sys);
        int n = 361;
        double[] deg = new double[n];
        double[] gMs = new double[n];
        double[] gBp = new double[n];
        for (int i = 0; i < n; i++) {
            deg[i] = -90 + 0.5 * i;
            gMs[i] = gainDb(sys, ms, Math.toRadians(deg[i]), rangeM);
            gBp[i] = gainDb(sys, bp, Math.toRadians(deg[i]), rangeM);
        }
        Files.createDirectories(out);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("fig2.csv")))) {
            w.println("angleDeg,msGainDb,bpGainDb");
            for (int i = 0; i < n; i++) {
                w.printf(Locale.ROOT, "%.1f,%.4f,%.4f%n", deg[i], gMs[i], gBp[i]);
            }
        }
        Plots.write(out.resolve("fig2.png"), List.of(
                new Plots.Panel("Fig. 2a MS (alpha = 0): UE 0 deg, PTs +-20, +-40 deg at " + rangeM + " m", "angle (deg)",
                        "array gain (dB)", false, deg).add("MS design", gMs),
                new Plots.Panel("Fig. 2b BP (alpha = 1), UE array at 110 deg", "angle (deg)", "array gain (dB)", false,
                        deg).add("BP design", gBp)));
        System.out.printf(Locale.ROOT, "seed 002 Fig. 2 (range %.0f m): gain towards each point, dB (max %.1f)%n",
                rangeM, 10 * Math.log10(sys.bsElements()));
        System.out.printf(Locale.ROOT, "%-10s %8s %8s%n", "point", "MS", "BP");
        System.out.printf(Locale.ROOT, "%-10s %8.2f %8.2f%n", "UE 0", gainDb(sys, ms, 0, rangeM), gainDb(sys, bp, 0, rangeM));
        for (double a : PT_DEG) {
            double r = Math.toRadians(a);
            System.out.printf(Locale.ROOT, "%-10s %8.2f %8.2f%n", "PT " + (int) a, gainDb(sys, ms, r, rangeM),
                    gainDb(sys, bp, r, rangeM));
        }
        return 0;
    }

    /** 10 log₁₀(Σ_l |bᵀ f_l|² / Σ_l ‖f_l‖²). */
    static double gainDb(SystemParams sys, SlotSchedule s, double angleRad, double rangeM) {
        int nb = sys.bsElements();
        double[] b = new double[2 * nb];
        Steering.fill(Steering.ulaOffsets(nb, sys.elementSpacingM()), 2 * Math.PI / sys.wavelengthM(), angleRad,
                rangeM, true, b, null, null);
        double num = 0;
        double den = 0;
        double[] f = s.beams();
        for (int l = 0; l < s.slots(); l++) {
            double re = 0;
            double im = 0;
            for (int e = 0; e < nb; e++) {
                double br = b[2 * e];
                double bi = b[2 * e + 1];
                double fr = f[2 * (l * nb + e)];
                double fi = f[2 * (l * nb + e) + 1];
                re += br * fr - bi * fi;
                im += br * fi + bi * fr;
                den += fr * fr + fi * fi;
            }
            num += re * re + im * im;
        }
        return 10 * Math.log10(num / den);
    }
}
