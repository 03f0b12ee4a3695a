package org.nftb.output;

import java.util.List;

/**
 * One {@code calibrationWatch} record: the residual per-element error under the calibration table in force, measured
 * over the last window of CPIs by the drift watch, and the elements whose residual exceeds the configured bound. A
 * reusable view filled just before each {@link RecordSink#calibrationWatch} call; sinks must not keep it.
 */
public final class CalibrationWatchRecord {
    long sequence;
    long version;
    int cpis;
    int skipped;
    double rmsPhaseDeg;
    double rmsAmplitudeDb;
    double phaseBoundDeg;
    double amplitudeBoundDb;
    double[] phaseDeg;
    double[] amplitudeDb;
    double[] phaseStdDeg;
    List<Integer> exceeded;
    long offeredVersion;

    /** Fills the view (watch side); the arrays are the watch's own, read during the call only. */
    public CalibrationWatchRecord set(long sequence, long version, int cpis, int skipped, double rmsPhaseDeg,
                                      double rmsAmplitudeDb, double phaseBoundDeg, double amplitudeBoundDb,
                                      double[] phaseDeg, double[] amplitudeDb, double[] phaseStdDeg,
                                      List<Integer> exceeded, long offeredVersion) {
        this.sequence = sequence;
        this.version = version;
        this.cpis = cpis;
        this.skipped = skipped;
        this.rmsPhaseDeg = rmsPhaseDeg;
        this.rmsAmplitudeDb = rmsAmplitudeDb;
        this.phaseBoundDeg = phaseBoundDeg;
        this.amplitudeBoundDb = amplitudeBoundDb;
        this.phaseDeg = phaseDeg;
        this.amplitudeDb = amplitudeDb;
        this.phaseStdDeg = phaseStdDeg;
        this.exceeded = exceeded;
        this.offeredVersion = offeredVersion;
        return this;
    }

    /** The last CPI of the window. */
    public long sequence() { return sequence; }
    /** The calibration version every CPI of the window carried. */
    public long version() { return version; }
    /** CPIs measured in the window. */
    public int cpis() { return cpis; }
    /** CPIs of the window skipped (not exactly one consistent target). */
    public int skipped() { return skipped; }
    public double rmsPhaseDeg() { return rmsPhaseDeg; }
    public double rmsAmplitudeDb() { return rmsAmplitudeDb; }
    public double phaseBoundDeg() { return phaseBoundDeg; }
    public double amplitudeBoundDb() { return amplitudeBoundDb; }
    /** Residual phase per element, degrees (observable part: see calibration.ElementResiduals). */
    public double[] phaseDeg() { return phaseDeg; }
    /** Residual amplitude per element, dB. */
    public double[] amplitudeDb() { return amplitudeDb; }
    /** Standard error of each phase residual, degrees. */
    public double[] phaseStdDeg() { return phaseStdDeg; }
    /** Elements whose residual exceeds the bound significantly. */
    public List<Integer> exceeded() { return exceeded; }
    /** Version of the self-calibrated table offered after this window, or 0. */
    public long offeredVersion() { return offeredVersion; }
}
