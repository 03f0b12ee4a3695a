package org.nftb.config;

/**
 * The {@code calibration:} section: which table a run applies, the check of that table after every start of
 * streaming, and the drift watch while running.
 *
 * @param table       path of the calibration table, or null for identity
 * @param startCheck  the check after each start of streaming, or null for none
 * @param watch       the drift watch, or null for none
 */
public record CalibrationConfig(String table, StartCheck startCheck, Watch watch) {
    /** No table, no check, no watch. */
    public static final CalibrationConfig NONE = new CalibrationConfig(null, null, null);

    /** How the start check estimates W. */
    public enum CheckMethod {
        /** A reference through the splitter network into every receive chain (needs a transmit path to it). */
        INJECT,
        /** The target in view, stacked over the check's CPIs (needs one target that holds still meanwhile). */
        BLIND
    }

    /**
     * After each start of streaming, compare the table in force with a quick estimate and re-reference k·90° (and,
     * with an injected reference, arbitrary LO) jumps before the first CPI; refuse to stream when unresolved.
     *
     * @param method      how to estimate
     * @param cpis        CPIs (blind) or CPI lengths of reference (inject) the estimate uses
     * @param toleranceRad how far a channel may sit from a multiple of 90° (after re-referencing) and still pass
     * @param txGainDb    transmit gain of the injected reference, dB
     */
    public record StartCheck(CheckMethod method, int cpis, double toleranceRad, double txGainDb) {
    }

    /**
     * Every {@code everyCpis} CPIs, the residual per-element error under the table in force.
     *
     * @param everyCpis        CPIs per report
     * @param phaseBoundRad    an element is named when its phase residual exceeds this significantly, radians
     * @param amplitudeBoundDb likewise for the amplitude residual, dB
     * @param selfCalibrate    offer the corrected table after each report (online blind calibration)
     */
    public record Watch(int everyCpis, double phaseBoundRad, double amplitudeBoundDb, boolean selfCalibrate) {
    }
}
