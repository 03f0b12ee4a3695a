package org.nftb.methods.cvtracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.TargetEstimate;
import org.nftb.model.PolarState;
import org.nftb.model.TargetState;
import org.nftb.output.JsonLinesSink;
import org.nftb.sequential.RecordWriter;
import org.nftb.sequential.SequentialStage.Gap;
import org.nftb.sequential.StageOutput;
import org.nftb.sequential.StageRecord;
import org.nftb.testing.Allocations;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tracker kernel on synthetic estimates with known covariances: checked against an independently computed
 * reference (the batch weighted least-squares straight line, which a constant-velocity Kalman filter without process
 * noise must equal after every update), on gating, several targets, misses, coasting and gaps, and on its promise
 * to allocate nothing per CPI. Records are read back as the JSON lines the run writes.
 */
class CvTrackerTest {
    static final long CPI_NANOS = 6_400_000;
    /** Polar standard deviations of the synthetic estimates: θ, r, v_r, v_θ. */
    static final double[] POLAR_STD = {2e-3, 3e-3, 0.02, 0.05};

    static CvTrackerConfig config(double q, int confirm, int maxMisses, double maxCoastS) {
        return new CvTrackerConfig(q, 0.9999, confirm, maxMisses, Math.round(maxCoastS * 1e9), 8, 10);
    }

    /** The stage's records as the JSON-lines sink writes them. */
    static final class Records implements StageOutput {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final JsonLinesSink sink = new JsonLinesSink(bytes, "test", false);
        final List<JsonNode> all = new ArrayList<>();

        @Override
        public void write(long sequence, long stateTimeNanos, StageRecord record) {
            bytes.reset();
            sink.stage(sequence, stateTimeNanos, record);
            try {
                all.add(new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        JsonNode last() {
            return all.get(all.size() - 1);
        }
    }

    /** Adds an estimate at Cartesian state {@code s} with the polar covariance diag(POLAR_STD²) (full: 4×4). */
    static TargetEstimate add(EstimateFrame f, TargetState s, boolean positionOnly) {
        PolarState p = s.toPolar(0, 0);
        TargetEstimate t = f.addTarget();
        t.setPolar(p.angleRad(), p.rangeM(), p.radialVelocityMps(), p.transverseVelocityMps(), 0, 0);
        if (positionOnly) {
            t.setPositionCovariance(new double[] {sq(POLAR_STD[0]), 0, 0, sq(POLAR_STD[1])}, "test-noise");
        } else {
            double[] cov = new double[16];
            for (int i = 0; i < 4; i++) {
                cov[5 * i] = sq(POLAR_STD[i]);
            }
            t.setPolarCovariance(cov, "test-noise");
        }
        return t;
    }

    /** {@code truth} at time t with polar noise of POLAR_STD drawn from {@code rnd}. */
    static TargetState noisy(TargetState truth, double tS, Random rnd) {
        PolarState p = truth.advancedBy(tS).toPolar(0, 0);
        return TargetState.fromPolar(new PolarState(p.rangeM() + POLAR_STD[1] * rnd.nextGaussian(),
                p.angleRad() + POLAR_STD[0] * rnd.nextGaussian(),
                p.radialVelocityMps() + POLAR_STD[2] * rnd.nextGaussian(),
                p.transverseVelocityMps() + POLAR_STD[3] * rnd.nextGaussian()), 0, 0);
    }

    @Test
    void withoutProcessNoiseTheTrackIsTheWeightedLeastSquaresLineThroughEveryEstimateAcrossAGap() {
        checkAgainstLeastSquares(false);
    }

    @Test
    void fromPositionOnlyEstimatesTheTrackIsTheLeastSquaresLineWithTheInitialVelocityPrior() {
        checkAgainstLeastSquares(true);
    }

    /**
     * 30 CPIs of one target, CPIs 10..13 dropped. With q = 0 and a track started at the first estimate (P = R), the
     * filter's state and covariance after each update are the batch weighted least-squares fit of a straight line
     * to every estimate so far (state at the current time, covariance (Σ Φᵀ R⁻¹ Φ)⁻¹), computed here with EJML's
     * general dense solver from the estimates' own z and R. Tolerance: 1e-9 of each standard deviation (rounding of
     * 30 recursive updates against one solve).
     */
    private static void checkAgainstLeastSquares(boolean positionOnly) {
        CvTracker tracker = new CvTracker(config(0, 1, 5, 1));
        Records out = new Records();
        EstimateFrame frame = new EstimateFrame(2, 0);
        Random rnd = new Random(11);
        TargetState truth = new TargetState(1, 5, 0.8, -0.3);
        List<double[]> zs = new ArrayList<>();
        List<double[]> rs = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        int compared = 0;
        for (int k = 0; k < 30; k++) {
            long t = k * CPI_NANOS;
            if (k >= 10 && k < 14) {
                if (k == 10) {
                    tracker.gap(10, 14, t, Gap.DROPPED, out);
                }
                continue;
            }
            frame.clear();
            TargetEstimate e = add(frame, noisy(truth, t / 1e9, rnd), positionOnly);
            zs.add(new double[] {e.xM(), e.yM(), e.vxMps(), e.vyMps()});
            double[] r = new double[16];
            for (int i = 0; i < 16; i++) {
                r[i] = e.cartesianCovariance(i / 4, i % 4);
            }
            rs.add(r);
            times.add(t);
            tracker.estimated(k, t, frame, 0, out);
            JsonNode track = out.last().get("tracks").get(0);
            assertEquals(1, track.get("id").asLong(), "one track throughout");
            double[][] ref = leastSquares(zs, rs, times, t, positionOnly ? 10 : Double.NaN);
            for (int i = 0; i < 4; i++) {
                double sd = Math.sqrt(ref[1][5 * i]);
                assertEquals(ref[0][i], track.get(new String[] {"xM", "yM", "vxMps", "vyMps"}[i]).asDouble(),
                        1e-9 * sd, "state " + i + " at CPI " + k);
                for (int j = 0; j < 4; j++) {
                    assertEquals(ref[1][4 * i + j], track.get("covariance").get(i).get(j).asDouble(),
                            1e-9 * Math.sqrt(ref[1][5 * i] * ref[1][5 * j]), "P" + i + j + " at CPI " + k);
                }
            }
            compared++;
        }
        assertEquals(26, compared);
    }

    /**
     * Batch WLS of a straight line: the state s at {@code atNanos} minimizing Σ (z_k − H Φ_k s)ᵀ R_k⁻¹ (…) with
     * Φ_k = F(t_k − t); position-only estimates use their position rows and, when {@code velocityPriorStd} is given,
     * a prior N(0, σ² I) on the velocity at the first estimate. Returns {s, covariance} (row-major).
     */
    static double[][] leastSquares(List<double[]> zs, List<double[]> rs, List<Long> times, long atNanos,
                                   double velocityPriorStd) {
        boolean positionOnly = !Double.isNaN(velocityPriorStd);
        int m = positionOnly ? 2 : 4;
        DMatrixRMaj info = new DMatrixRMaj(4, 4);
        DMatrixRMaj vec = new DMatrixRMaj(4, 1);
        for (int k = 0; k < zs.size(); k++) {
            double dt = (times.get(k) - atNanos) / 1e9;
            DMatrixRMaj phi = new DMatrixRMaj(m, 4);
            for (int i = 0; i < m; i++) {
                phi.set(i, i, 1);
                if (i < 2) {
                    phi.set(i, i + 2, dt);
                }
            }
            DMatrixRMaj r = new DMatrixRMaj(m, m);
            DMatrixRMaj z = new DMatrixRMaj(m, 1);
            for (int i = 0; i < m; i++) {
                z.set(i, 0, zs.get(k)[i]);
                for (int j = 0; j < m; j++) {
                    r.set(i, j, rs.get(k)[4 * i + j]);
                }
            }
            accumulate(phi, r, z, info, vec);
        }
        if (positionOnly) {
            double dt = (times.get(0) - atNanos) / 1e9;
            DMatrixRMaj phi = new DMatrixRMaj(2, 4);
            phi.set(0, 2, 1);
            phi.set(1, 3, 1);
            DMatrixRMaj r = CommonOps_DDRM.identity(2);
            CommonOps_DDRM.scale(velocityPriorStd * velocityPriorStd, r);
            accumulate(phi, r, new DMatrixRMaj(2, 1), info, vec);
            assertTrue(dt <= 0);
        }
        DMatrixRMaj cov = new DMatrixRMaj(4, 4);
        assertTrue(CommonOps_DDRM.invert(info, cov));
        DMatrixRMaj s = new DMatrixRMaj(4, 1);
        CommonOps_DDRM.mult(cov, vec, s);
        return new double[][] {s.data.clone(), cov.data.clone()};
    }

    private static void accumulate(DMatrixRMaj phi, DMatrixRMaj r, DMatrixRMaj z, DMatrixRMaj info,
                                   DMatrixRMaj vec) {
        DMatrixRMaj rInv = new DMatrixRMaj(r.numRows, r.numCols);
        assertTrue(CommonOps_DDRM.invert(r, rInv));
        DMatrixRMaj a = new DMatrixRMaj(4, r.numRows);
        CommonOps_DDRM.multTransA(phi, rInv, a);
        CommonOps_DDRM.multAdd(a, phi, info);
        CommonOps_DDRM.multAdd(a, z, vec);
    }

    @Test
    void twoTargetsKeepTheirTracksWhateverOrderTheirEstimatesArriveIn() {
        CvTracker tracker = new CvTracker(config(1, 3, 5, 0.25));
        Records out = new Records();
        EstimateFrame frame = new EstimateFrame(4, 0);
        Random rnd = new Random(3);
        TargetState a = new TargetState(1, 5, 0.8, -0.3);
        TargetState b = new TargetState(-1.5, 4, -0.2, 0.6);
        for (int k = 0; k < 40; k++) {
            double t = k * CPI_NANOS / 1e9;
            frame.clear();
            TargetState first = k % 2 == 0 ? a : b;
            add(frame, noisy(first, t, rnd), false);
            add(frame, noisy(first == a ? b : a, t, rnd), false);
            tracker.estimated(k, k * CPI_NANOS, frame, 0, out);
            JsonNode r = out.last();
            assertEquals(2, r.get("tracks").size(), r.toString());
            for (JsonNode track : r.get("tracks")) {
                TargetState truth = track.get("id").asLong() == 1 ? a.advancedBy(t) : b.advancedBy(t);
                assertEquals(truth.xM(), track.get("xM").asDouble(), 0.05, "track " + track.get("id") + " CPI " + k);
                assertEquals(truth.yM(), track.get("yM").asDouble(), 0.05, "track " + track.get("id") + " CPI " + k);
                assertEquals(k < 2 ? "tentative" : "confirmed", track.get("status").asText(), "CPI " + k);
                // the estimate index points at the estimate of its own target in this CPI
                int expected = (track.get("id").asLong() == 1) == (first == a) ? 0 : 1;
                assertEquals(expected, track.get("estimate").asInt(), "CPI " + k);
            }
            assertEquals(k == 0 ? 2 : 0, r.get("started").asInt());
        }
    }

    /**
     * An estimate 40 standard deviations off its track falls outside the gate (the 0.9999 quantile of chi-square
     * with 4 degrees of freedom is 23.5, a 40σ offset gives d² ≈ 1600): the track misses, the estimate starts a
     * tentative track, which ends unconfirmed at the next CPI without an estimate for it.
     */
    @Test
    void anEstimateOutsideTheGateStartsItsOwnTrackAndTheTrackMissesOnce() {
        CvTracker tracker = new CvTracker(config(1, 3, 5, 0.25));
        Records out = new Records();
        EstimateFrame frame = new EstimateFrame(2, 0);
        Random rnd = new Random(5);
        TargetState a = new TargetState(1, 5, 0.8, -0.3);
        for (int k = 0; k < 12; k++) {
            double t = k * CPI_NANOS / 1e9;
            frame.clear();
            TargetState z = noisy(a, t, rnd);
            if (k == 10) {
                PolarState p = z.toPolar(0, 0);
                z = TargetState.fromPolar(new PolarState(p.rangeM() + 40 * POLAR_STD[1], p.angleRad(),
                        p.radialVelocityMps(), p.transverseVelocityMps()), 0, 0);
            }
            add(frame, z, false);
            tracker.estimated(k, k * CPI_NANOS, frame, 0, out);
        }
        JsonNode outlier = out.all.get(10);
        assertEquals(1, outlier.get("started").asInt(), outlier.toString());
        JsonNode kept = outlier.get("tracks").get(0);
        assertEquals(1, kept.get("id").asLong());
        assertEquals(-1, kept.get("estimate").asInt());
        assertEquals(1, kept.get("misses").asInt());
        assertEquals(1, kept.get("coastedCpis").asInt());
        assertTrue(kept.get("nis").isNull());
        assertEquals(2, outlier.get("tracks").get(1).get("id").asLong());
        JsonNode after = out.all.get(11);
        assertEquals(1, after.get("tracks").size(), after.toString());
        assertEquals(0, after.get("tracks").get(0).get("misses").asInt());
        assertEquals("unconfirmed", after.get("ended").get(0).get("reason").asText());
        assertEquals(2, after.get("ended").get(0).get("id").asLong());
    }

    @Test
    void gapsArePredictedAcrossSaidInTheRecordAndCountNoMiss() {
        CvTracker tracker = new CvTracker(config(1, 3, 2, 0.05));
        Records out = new Records();
        EstimateFrame frame = new EstimateFrame(2, 0);
        Random rnd = new Random(9);
        TargetState a = new TargetState(1, 5, 0.8, -0.3);
        for (int k = 0; k < 5; k++) {
            frame.clear();
            add(frame, noisy(a, k * CPI_NANOS / 1e9, rnd), false);
            tracker.estimated(k, k * CPI_NANOS, frame, 0, out);
        }
        JsonNode before = out.last().get("tracks").get(0);
        tracker.gap(5, 6, 5 * CPI_NANOS, Gap.REJECTED, out);
        JsonNode rejected = out.last();
        assertEquals("gap", rejected.get("event").asText());
        assertEquals("rejected", rejected.get("gap").get("cause").asText());
        assertEquals(1, rejected.get("gap").get("cpis").asInt());
        assertEquals(5 * CPI_NANOS, rejected.get("stateTimeNanos").asLong());
        JsonNode coasting = rejected.get("tracks").get(0);
        assertEquals(0, coasting.get("misses").asInt(), "a gap is not a miss");
        assertEquals(1, coasting.get("coastedCpis").asInt());
        // predicted one CPI ahead along its velocity
        double dt = CPI_NANOS / 1e9;
        assertEquals(before.get("xM").asDouble() + dt * before.get("vxMps").asDouble(), coasting.get("xM").asDouble(),
                1e-12);
        assertTrue(coasting.get("covariance").get(0).get(0).asDouble() > before.get("covariance").get(0).get(0)
                .asDouble());
        tracker.gap(6, 9, 6 * CPI_NANOS, Gap.DROPPED, out);
        JsonNode dropped = out.last();
        assertEquals("dropped", dropped.get("gap").get("cause").asText());
        assertEquals(3, dropped.get("gap").get("cpis").asInt());
        assertEquals(4, dropped.get("tracks").get(0).get("coastedCpis").asInt());
        // CPI 9 is 5 CPIs (32 ms) after the last update: within maxCoast 50 ms, so the track takes it
        frame.clear();
        add(frame, noisy(a, 9 * CPI_NANOS / 1e9, rnd), false);
        tracker.estimated(9, 9 * CPI_NANOS, frame, 0, out);
        assertEquals(0, out.last().get("tracks").get(0).get("estimate").asInt());
        assertEquals(0, out.last().get("tracks").get(0).get("coastedCpis").asInt());
        // then CPIs 10..17 dropped: at the gap's first CPI the track is 6.4 ms old and still there; at CPI 18 it
        // has not been updated for 57.6 ms, past maxCoast, and ends coasted before any estimate is gated
        tracker.gap(10, 18, 10 * CPI_NANOS, Gap.DROPPED, out);
        assertEquals(1, out.last().get("tracks").size());
        frame.clear();
        tracker.estimated(18, 18 * CPI_NANOS, frame, 0, out);
        assertEquals(0, out.last().get("tracks").size());
        assertEquals("coasted", out.last().get("ended").get(0).get("reason").asText());
    }

    @Test
    void aConfirmedTrackEndsAfterMaxMissesInARowAndTheEndRecordCountsTheRun() {
        CvTracker tracker = new CvTracker(config(1, 3, 2, 1));
        Records out = new Records();
        EstimateFrame frame = new EstimateFrame(2, 0);
        Random rnd = new Random(13);
        TargetState a = new TargetState(1, 5, 0.8, -0.3);
        for (int k = 0; k < 8; k++) {
            frame.clear();
            if (k < 5) {
                add(frame, noisy(a, k * CPI_NANOS / 1e9, rnd), false);
            }
            tracker.estimated(k, k * CPI_NANOS, frame, k == 6 ? 1 : 0, out);
        }
        assertEquals(2, out.all.get(6).get("tracks").get(0).get("misses").asInt());
        assertEquals(1, out.all.get(6).get("unresolved").asInt());
        JsonNode ended = out.all.get(7).get("ended").get(0);
        assertEquals("missed", ended.get("reason").asText());
        assertTrue(ended.get("confirmed").asBoolean());
        assertEquals(5, ended.get("updates").asInt());
        assertEquals(4, ended.get("lastUpdateSeq").asInt());
        tracker.end(out);
        JsonNode end = out.last();
        assertEquals("end", end.get("event").asText());
        assertEquals(7, end.get("seq").asLong());
        assertEquals(8, end.get("totals").get("cpisEstimated").asInt());
        assertEquals(1, end.get("totals").get("tracksConfirmed").asInt());
        assertEquals(4, end.get("totals").get("updates").asInt(), "updates after the first estimate of each track");
    }

    @Test
    void anEstimateWithoutAUsableCovarianceIsCountedNotUsed() {
        CvTracker tracker = new CvTracker(config(1, 1, 5, 1));
        Records out = new Records();
        EstimateFrame frame = new EstimateFrame(2, 0);
        TargetEstimate t = frame.addTarget();
        t.setPolar(0.1, 5, 0, 0, 0, 0);   // no covariance
        tracker.estimated(0, 0, frame, 0, out);
        assertEquals(1, out.last().get("unusable").asInt());
        assertEquals(0, out.last().get("tracks").size());
    }

    /**
     * After warm-up, 2 000 CPIs of two targets with a rejected CPI every 50 allocate nothing in the tracker (its
     * record written to a writer that keeps nothing).
     */
    @Test
    void theTrackerAllocatesNothingPerCpiAfterWarmUp() {
        CvTracker tracker = new CvTracker(config(1, 3, 5, 0.25));
        RecordWriter discard = new DiscardingWriter();
        StageOutput out = (sequence, time, record) -> record.write(discard);
        EstimateFrame[] frames = new EstimateFrame[64];
        Random rnd = new Random(17);
        TargetState a = new TargetState(1, 5, 0.8, -0.3);
        TargetState b = new TargetState(-1.5, 4, -0.2, 0.6);
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new EstimateFrame(2, 0);
            add(frames[i], noisy(a, i * CPI_NANOS / 1e9, rnd), false);
            add(frames[i], noisy(b, i * CPI_NANOS / 1e9, rnd), false);
        }
        long[] seq = {0};
        Runnable cpi = () -> {
            long k = seq[0]++;
            if (k % 50 == 49) {
                tracker.gap(k, k + 1, k * CPI_NANOS, Gap.REJECTED, out);
            } else {
                // the same 64 frames over and over: every 64 CPIs the estimates jump back, outside the gates, so
                // tracks miss and end and new ones start (every path of the tracker runs)
                tracker.estimated(k, k * CPI_NANOS, frames[(int) (k % 64)], 0, out);
            }
        };
        Allocations.during(5_000, cpi);
        long bytes = Allocations.during(2_000, cpi);
        assertEquals(0, bytes, "bytes allocated over 2000 CPIs");
    }

    @Test
    void theGatesAreTheChiSquareQuantilesOfTheTables() {
        // Abramowitz and Stegun, Table 26.8: χ²_{0.99}(2) = 9.21034, χ²_{0.99}(4) = 13.2767, χ²_{0.999}(4) = 18.4668
        assertEquals(9.21034, ChiSquare.quantile(2, 0.99), 1e-5);
        assertEquals(13.2767, ChiSquare.quantile(4, 0.99), 1e-4);
        assertEquals(18.4668, ChiSquare.quantile(4, 0.999), 1e-4);
        assertEquals(-2 * Math.log(1e-4), config(1, 3, 5, 1).gate(2), 1e-9);
    }

    /** Writes nothing (the allocation test measures the tracker, not the JSON generator). */
    static final class DiscardingWriter implements RecordWriter {
        double sink;

        @Override public void number(String name, double value) { sink += value; }
        @Override public void integer(String name, long value) { sink += value; }
        @Override public void text(String name, String value) { sink += value.length(); }
        @Override public void bool(String name, boolean value) { sink += value ? 1 : 0; }
        @Override public void numbers(String name, double[] values, int count) { sink += count; }
        @Override public void matrix(String name, double[] values, int rows, int columns) { sink += values[0]; }
        @Override public void beginArray(String name) { }
        @Override public void beginElement() { }
        @Override public void endElement() { }
        @Override public void endArray() { }
        @Override public void beginObject(String name) { }
        @Override public void endObject() { }
    }

    static double sq(double v) {
        return v * v;
    }
}
