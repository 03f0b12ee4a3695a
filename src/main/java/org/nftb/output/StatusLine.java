package org.nftb.output;

import org.nftb.estimator.TargetEstimate;

import java.io.PrintStream;
import java.util.Locale;

/** The short human summary printed on stderr once per second and at the end of a run. */
public final class StatusLine {
    private final PrintStream out;

    public StatusLine(PrintStream out) {
        this.out = out;
    }

    /** Prints one line; {@code last} (the first target of the latest estimate) may be null before there is one. */
    public void print(HealthSnapshot h, TargetEstimate last) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(String.format(Locale.ROOT, "nftb %s%6.1f s | CPIs %d processed, %d dropped (ring full %d, gap %d), "
                        + "%d rejected, %d unresolved | latency median %.1f ms, p99 %.1f ms", h.isFinal() ? "final " : "",
                h.elapsedS(), h.cpisProcessed(), h.cpisDroppedRingFull() + h.cpisDroppedGap(),
                h.cpisDroppedRingFull(), h.cpisDroppedGap(), h.cpisRejected(), h.targetsUnresolved(), h.latencyMedianNanos() / 1e6,
                h.latencyP99Nanos() / 1e6));
        if (h.cpisDroppedAsRecorded() > 0) {
            sb.append(String.format(Locale.ROOT, ", %d dropped as when recorded", h.cpisDroppedAsRecorded()));
        }
        if (last != null) {
            sb.append(String.format(Locale.ROOT, " | θ %.3f° r %.3f m v_r %.3f m/s v_θ %.3f m/s",
                    Math.toDegrees(last.angleRad()), last.rangeM(), last.radialVelocityMps(),
                    last.transverseVelocityMps()));
        }
        long faults = h.rxFaults().values().stream().mapToLong(Long::longValue).sum();
        if (faults > 0) {
            sb.append(" | rx faults ").append(h.rxFaults());
        }
        out.println(sb);
        out.flush();
    }
}
