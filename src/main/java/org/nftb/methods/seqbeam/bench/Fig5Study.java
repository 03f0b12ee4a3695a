package org.nftb.methods.seqbeam.bench;

import org.nftb.methods.seqbeam.ChannelFim;
import org.nftb.methods.seqbeam.SystemParams;
import org.nftb.methods.seqbeam.design.Designer;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Study;
import org.nftb.montecarlo.Trial;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Seed 002 Fig. 5 as a study kind ({@code kind: seqbeam-fig5}): one point, one realization per trial
 * ({@link Fig5Trial}, Table II, ρ_MS = 0 … 0.9), the summaries of {@code nftb bench seqbeam fig5}
 * ({@code fig5.csv}, {@code fig5.png}, the ordering shares). The design times are measurements of the machine.
 */
public final class Fig5Study implements Study {
    private final Fig5Trial trial;
    private final double[] rhos;

    private Fig5Study(ChannelFim.Mode designMode) {
        this.rhos = Designer.defaultRhoGrid();
        this.trial = new Fig5Trial(SystemParams.tableII(), rhos, designMode);
    }

    /** The study on Table II's system, designs on the exact FIM. */
    public static Fig5Study prepare() {
        return new Fig5Study(ChannelFim.Mode.EXACT);
    }

    @Override
    public Trial<?> trial() {
        return trial;
    }

    @Override
    public int points() {
        return 1;
    }

    @Override
    public String pointName() {
        return "figure";
    }

    @Override
    public double pointValue(int p) {
        return 5;
    }

    @Override
    public List<String> metricLabels() {
        List<String> names = new ArrayList<>();
        for (double rho : rhos) {
            for (String m : Fig5Trial.METHODS) {
                for (String v : Fig5Trial.VALUES) {
                    names.add(String.format(Locale.ROOT, "rho%.1f:%s:%s", rho, m, v));
                }
            }
        }
        names.add("pts");
        names.add("ueSpeedMps");
        return names;
    }

    @Override
    public boolean timingMetric(int m) {
        return m < rhos.length * Fig5Trial.PER_RHO && m % Fig5Trial.VALUES.length == 3;
    }

    @Override
    public boolean writeSummaries(Results results, long seed, Path out) throws Exception {
        Files.createDirectories(out);
        Fig5Report report = new Fig5Report(results, rhos);
        report.writeCsv(out.resolve("fig5.csv"));
        report.writePlot(out.resolve("fig5.png"));
        report.print(System.out);
        return true;
    }
}
