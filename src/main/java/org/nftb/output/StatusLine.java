package org.nftb.output;

import org.nftb.estimator.TargetEstimate;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The short human summary printed on stderr once per second and at the end of a run: drawn in place on a terminal
 * ({@link Console}), a line per second otherwise. It shows the fields the estimator estimates: a position-only
 * estimator ({@code EstimatorSetup.estimatesVelocity()} false, seed 003) gets no velocities, rather than a
 * confident-looking {@code v_r 0.000 m/s}.
 */
public final class StatusLine {
    private final PrintStream out;
    private final boolean velocity;

    /** A status line that shows velocities. */
    public StatusLine(PrintStream out) {
        this(out, true);
    }

    /**
     * @param velocity whether the estimator estimates velocities (else they are left out)
     */
    public StatusLine(PrintStream out, boolean velocity) {
        this.out = out;
        this.velocity = velocity;
    }

    /** Prints one line; {@code last} (the first target of the latest estimate) may be null before there is one. */
    public void print(HealthSnapshot h, TargetEstimate last) {
        Console.status(out, format(h, last), h.isFinal());
    }

    /** The line {@link #print} prints. */
    public String format(HealthSnapshot h, TargetEstimate last) {
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
            sb.append(String.format(Locale.ROOT, " | θ %.3f° r %.3f m", Math.toDegrees(last.angleRad()),
                    last.rangeM()));
            if (velocity) {
                sb.append(String.format(Locale.ROOT, " v_r %.3f m/s v_θ %.3f m/s", last.radialVelocityMps(),
                        last.transverseVelocityMps()));
            }
        }
        long faults = h.rxFaults().values().stream().mapToLong(Long::longValue).sum();
        if (faults > 0) {
            sb.append(" | rx faults ").append(h.rxFaults());
        }
        return sb.toString();
    }
}
