package org.nftb.calibration.table;

import org.nftb.model.Angles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The content of a calibration file ({@code calibration/*.json}; format in {@code calibration/README.md}): per
 * receive element (and per transmit chain) weights with uncertainty at one or more carrier frequencies, the
 * identity of the array, how and when it was made, and its quality. {@link #tableAt} gives the table a run applies.
 *
 * @param formatVersion         1 ({@code nftb-calibration/1}, read for old files) or 2
 * @param arrayId               the receive array's geometry fingerprint
 * @param identity              the hardware it belongs to; null for version-1 files (they carry none)
 * @param createdUtc            when it was made
 * @param method                how it was made ({@code reference}, {@code positions}, {@code blind}, {@code inject},
 *                              {@code geometry}, {@code transmit}, or another tool's name)
 * @param frequencyToleranceHz  how far outside its measured frequencies a carrier may lie and still use the
 *                              nearest table
 * @param points                the tables, by ascending frequency (at least one)
 * @param positionsM            measured element positions (interleaved x, y; metres), or null
 * @param quality               residuals and quality metrics of the measurement, by name (units in the name)
 * @param notes                 what an operator should know (e.g. the unobservable components of a blind table)
 * @param source                the file it was read from, or "built-in"
 */
public record CalibrationFile(int formatVersion, String arrayId, ArrayIdentity identity, Instant createdUtc,
                              String method, double frequencyToleranceHz, List<FrequencyPoint> points,
                              double[] positionsM, Map<String, Double> quality, List<String> notes, String source) {

    public CalibrationFile {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a calibration file needs at least one frequency");
        }
        List<FrequencyPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(FrequencyPoint::frequencyHz));
        points = List.copyOf(sorted);
        quality = Collections.unmodifiableMap(new LinkedHashMap<>(quality));
        notes = List.copyOf(notes);
    }

    /**
     * The weights measured at one carrier.
     *
     * @param frequencyHz   carrier, Hz
     * @param rx            receive elements
     * @param tx            transmit chains, or null
     * @param delaySamples  per-element sample delay relative to element 0 (injected method), or null
     * @param injected      what the injection network measured at calibration time (re-referencing after a
     *                      restart compares a fresh injected estimate against it), or null
     */
    public record FrequencyPoint(double frequencyHz, ChainWeights rx, ChainWeights tx, double[] delaySamples,
                                 ChainWeights injected) {
    }

    /** A version-1 table as a file of one frequency (old files keep their 1 % carrier tolerance). */
    public static CalibrationFile ofVersion1(CalibrationTable t) {
        return new CalibrationFile(1, t.arrayId(), null, t.createdUtc(), t.method(), 0.01 * t.centerFrequencyHz(),
                List.of(new FrequencyPoint(t.centerFrequencyHz(), ChainWeights.of(t.responseW()), null, null, null)),
                null, Map.of(), List.of(), t.source());
    }

    public int elements() {
        return points.get(0).rx().chains();
    }

    public double minFrequencyHz() {
        return points.get(0).frequencyHz();
    }

    public double maxFrequencyHz() {
        return points.get(points.size() - 1).frequencyHz();
    }

    /** Whether a run at {@code carrierHz} can use this file (inside its frequencies or within the tolerance). */
    public boolean covers(double carrierHz) {
        return carrierHz >= minFrequencyHz() - frequencyToleranceHz && carrierHz <= maxFrequencyHz() + frequencyToleranceHz;
    }

    /**
     * The table at {@code carrierHz}. At a measured frequency it is that frequency's weights exactly (bit for bit);
     * between two it interpolates each element linearly in amplitude (dB) and in phase, taking the shorter way
     * round (so neighbouring frequencies must be close enough that no element's phase moves by half a turn between
     * them: for a cable delay τ, closer than {@code 1/(2τ)}); within the tolerance outside the measured range it is
     * the nearest end's.
     *
     * @throws CalibrationException when the carrier lies outside the measured range and its tolerance
     */
    public CalibrationTable tableAt(double carrierHz) {
        return tableAt(carrierHz, true);
    }

    /** {@link #tableAt} for the transmit chains ({@code rx = false}); null when the file has none. */
    public CalibrationTable tableAt(double carrierHz, boolean rx) {
        if (!covers(carrierHz)) {
            throw new CalibrationException(String.format(Locale.ROOT, "%s: measured at %s, the run is at %.6f GHz "
                            + "(tolerance %.3f MHz); re-calibrate at this carrier", source, frequencies(),
                    carrierHz / 1e9, frequencyToleranceHz / 1e6));
        }
        int i = 0;
        while (i + 1 < points.size() && points.get(i + 1).frequencyHz() <= carrierHz) {
            i++;
        }
        FrequencyPoint a = points.get(i);
        ChainWeights wa = rx ? a.rx() : a.tx();
        if (wa == null) {
            return null;
        }
        if (carrierHz <= a.frequencyHz() || i + 1 == points.size()) {
            return new CalibrationTable(arrayId, carrierHz, createdUtc, method, wa.w(), source);
        }
        FrequencyPoint b = points.get(i + 1);
        double t = (carrierHz - a.frequencyHz()) / (b.frequencyHz() - a.frequencyHz());
        ChainWeights wb = rx ? b.rx() : b.tx();
        double[] w = new double[wa.w().length];
        for (int n = 0; n < wa.chains(); n++) {
            double phase = wa.phaseRad(n) + t * Angles.wrapRad(wb.phaseRad(n) - wa.phaseRad(n));
            double amp = Math.pow(10, ((1 - t) * wa.amplitudeDb(n) + t * wb.amplitudeDb(n)) / 20);
            w[2 * n] = amp * Math.cos(phase);
            w[2 * n + 1] = amp * Math.sin(phase);
        }
        return new CalibrationTable(arrayId, carrierHz, createdUtc, String.format(Locale.ROOT,
                "%s (interpolated between %.6f and %.6f GHz)", method, a.frequencyHz() / 1e9, b.frequencyHz() / 1e9),
                w, source);
    }

    /** The measured frequencies, for messages. */
    public String frequencies() {
        StringBuilder s = new StringBuilder();
        for (FrequencyPoint p : points) {
            s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6f GHz", p.frequencyHz() / 1e9));
        }
        return s.toString();
    }

    /** The measurement at the frequency nearest {@code carrierHz}. */
    public FrequencyPoint nearest(double carrierHz) {
        FrequencyPoint best = points.get(0);
        for (FrequencyPoint p : points) {
            if (Math.abs(p.frequencyHz() - carrierHz) < Math.abs(best.frequencyHz() - carrierHz)) {
                best = p;
            }
        }
        return best;
    }
}
