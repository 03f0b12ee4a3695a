package org.nftb.output;

/**
 * One operator action requested from the dashboard (or refused), as the {@code control} record writes it: who asked,
 * what, when, and what came of it.
 *
 * @param timeMs   wall-clock time of the request, ms since the epoch
 * @param who      the requester: the browser's address and its session (never the token)
 * @param action   {@code record.start}, {@code record.stop}, {@code calibrate}, {@code retune}, {@code stop}
 * @param request  the request's parameters as the operator gave them (e.g. {@code frequency=28 GHz gain=40 dB})
 * @param result   {@code done}, {@code refused} (authentication, cross-site, interlock, not allowed now) or
 *                 {@code failed} (allowed, but it did not work)
 * @param detail   what happened or why not: a file written, the table version and the CPI it takes effect from,
 *                 the limit a retune would break
 * @param fromSeq  the CPI from which the action takes effect, or -1 when it has no CPI (refusals, recording)
 */
public record ControlRecord(long timeMs, String who, String action, String request, String result, String detail,
                            long fromSeq) {
    public static final String DONE = "done";
    public static final String REFUSED = "refused";
    public static final String FAILED = "failed";
}
