package org.nftb.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run did, written once at its end: to stderr ({@link #describe()}) and as the final {@code summary} record
 * ({@code nftb-records/1}). Built by {@link SummarySink#summary}.
 *
 * @param health      the final health record (counts of CPIs published, processed, rejected, dropped by cause)
 * @param latency     estimator latency over the whole run: median, p99, maximum (ns)
 * @param targets     per target, its accuracy: against the truth when the source knows it, else the spread
 * @param calibration the calibration in force at the end, and how many tables took effect during the run
 * @param outputs     where the run's outputs went
 */
public record RunSummary(HealthSnapshot health, Latency latency, List<Target> targets, Calibration calibration,
                         List<Output> outputs) {

    /** Latency over every CPI estimated (not a window). */
    public record Latency(long medianNanos, long p99Nanos, long maxNanos) {
    }

    /**
     * One estimated parameter of one target.
     *
     * @param name     the record's field ({@code angleDeg}, {@code rangeM}, …)
     * @param unit     its unit
     * @param count    estimates it is computed over
     * @param mean     mean estimate
     * @param std      standard deviation of the estimates
     * @param bias     mean error against the truth, NaN without truth
     * @param rmse     root-mean-square error against the truth, NaN without truth
     * @param rootCrb  √ of the mean CRB variance the estimates carry (their covariance), NaN when they carry none
     */
    public record Parameter(String name, String unit, long count, double mean, double std, double bias, double rmse,
                            double rootCrb) {
        /** RMSE over √CRB (1: at the bound), NaN when either is unknown. */
        public double rmseOverRootCrb() {
            return rmse / rootCrb;
        }
    }

    /**
     * @param index      the true target's index (against truth) or the estimate's target index (no truth)
     * @param truthKnown whether errors are against the truth
     * @param estimates  estimates associated with it
     * @param parameters per parameter
     */
    public record Target(int index, boolean truthKnown, long estimates, List<Parameter> parameters) {
    }

    /** @param version in force at the end; @param changes tables that took effect during the run */
    public record Calibration(long version, String table, long changes) {
    }

    /** @param kind what it is ({@code records}, {@code capture}, {@code log}); @param path where */
    public record Output(String kind, String path) {
    }

    /** CPIs dropped, by cause (ring full, gap, dropped again as when recorded by a replay, unprocessed at stop). */
    public Map<String, Long> droppedByCause() {
        return Map.of("ringFull", health.cpisDroppedRingFull(), "gap", health.cpisDroppedGap(),
                "asRecorded", health.cpisDroppedAsRecorded(), "unprocessedAtStop", health.cpisUnprocessedAtStop());
    }

    /** The summary as the operator reads it on stderr (several lines). */
    public String describe() {
        HealthSnapshot h = health;
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "nftb summary: %.1f s; CPIs %d published, %d processed, %d rejected; "
                        + "dropped %d ring full (processing behind), %d gap (samples lost upstream), %d unprocessed at "
                        + "stop; %d targets unresolved", h.elapsedS(), h.cpisPublished(), h.cpisProcessed(),
                h.cpisRejected(), h.cpisDroppedRingFull(), h.cpisDroppedGap(), h.cpisUnprocessedAtStop(),
                h.targetsUnresolved()));
        if (h.cpisDroppedAsRecorded() > 0) {
            lines.add(String.format(Locale.ROOT, "  %d CPIs dropped again as when recorded (the recorded run dropped "
                    + "them; nftb replay --all-cpis estimates them)", h.cpisDroppedAsRecorded()));
        }
        if (!h.rxFaults().isEmpty()) {
            lines.add("  receive faults: " + h.rxFaults());
        }
        lines.add(String.format(Locale.ROOT, "  latency over the run: median %.2f ms, p99 %.2f ms, max %.2f ms",
                latency.medianNanos() / 1e6, latency.p99Nanos() / 1e6, latency.maxNanos() / 1e6));
        for (Target t : targets) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  target %d (%d estimates, %s):",
                    t.index(), t.estimates(), t.truthKnown() ? "against the truth; √CRB: the bound the estimates "
                            + "carry" : "no truth: mean ± std"));
            for (Parameter p : t.parameters()) {
                if (t.truthKnown()) {
                    sb.append(String.format(Locale.ROOT, "%n    %-22s bias %10.3g %-4s RMSE %10.3g %-4s √CRB %10.3g"
                                    + "%s", p.name(), p.bias(), p.unit(), p.rmse(), p.unit(), p.rootCrb(),
                            Double.isFinite(p.rmseOverRootCrb()) ? String.format(Locale.ROOT, "  RMSE/√CRB %.2f",
                                    p.rmseOverRootCrb()) : ""));
                } else {
                    sb.append(String.format(Locale.ROOT, "%n    %-22s %12.6g ± %.3g %s%s", p.name(), p.mean(),
                            p.std(), p.unit(), Double.isFinite(p.rootCrb()) ? String.format(Locale.ROOT,
                                    "  (√CRB %.3g)", p.rootCrb()) : ""));
                }
            }
            lines.add(sb.toString());
        }
        if (targets.isEmpty()) {
            lines.add("  no target estimated");
        }
        lines.add(String.format(Locale.ROOT, "  calibration in force: v%d, %s%s", calibration.version(),
                calibration.table(), calibration.changes() > 0 ? " (" + calibration.changes() + " change(s) during "
                        + "the run)" : ""));
        for (Output o : outputs) {
            lines.add("  " + o.kind() + ": " + o.path());
        }
        return String.join(System.lineSeparator(), lines);
    }
}
