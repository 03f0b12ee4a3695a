package org.nftb.estimator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nftb.calibration.CalibrationSelection;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.config.RunConfig;
import org.nftb.device.backend.RadioDevices;
import org.nftb.device.RadioDevice;
import org.nftb.frontend.FrontEnd;
import org.nftb.frontend.Snapshot;
import org.nftb.frontend.SnapshotShape;
import org.nftb.output.JsonLinesSink;
import org.nftb.output.RecordSink;
import org.nftb.pipeline.Pipeline;
import org.nftb.stream.CpiFrame;
import org.nftb.stream.CpiLayout;
import org.nftb.testing.Allocations;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The promises of {@link Estimator} and {@link EstimatorSetup}, checked on every registered estimator
 * ({@link Estimators#all()}), as {@code RadioDeviceContract} checks every device: no confident target on noise, an
 * {@link IllegalArgumentException} for a snapshot of the wrong shape, a set-up that survives Java serialization (a
 * study ships it to Spark executors) and computes the same estimates bit for bit afterwards, and no allocation per
 * CPI once warmed up (the thread's allocated-bytes counter). Each estimator is configured by its
 * {@link EstimatorFixture}; one without a fixture fails here.
 *
 * <p>Signal CPIs are real: the calibrated samples of the fixture's configuration on the simulated array, taken from
 * a short pipeline run (its transmit plan, if any, illuminating the scene). Noise CPIs: complex Gaussian samples of
 * unit power, the simulator's noise floor, from fixed seeds.
 */
class EstimatorContractTest {
    /** Noise CPIs an estimator must report no confident target on. */
    static final int NOISE_CPIS = 12;
    /** Signal CPIs taken from the pipeline run. */
    static final int SIGNAL_CPIS = 2;
    /** CPIs before the allocation is measured (the JIT compiles the kernels), and per measured round. */
    static final int WARM_UP_CPIS = 60;
    static final int ROUND_CPIS = 10;
    static final int ROUNDS = 4;

    /** What the tests of one estimator share: its configuration, set-up and recorded signal CPIs. */
    record Subject(RunConfig config, EstimatorSetup setup, CpiLayout layout, List<float[]> signal) {
    }

    private static final Map<String, Subject> SUBJECTS = new HashMap<>();

    static Stream<Arguments> providers() {
        return Estimators.all().stream().map(p -> Arguments.of(p.type(), p));
    }

    static EstimatorFixture fixture(String type) {
        for (EstimatorFixture f : ServiceLoader.load(EstimatorFixture.class)) {
            if (f.type().equals(type)) {
                return f;
            }
        }
        return fail("estimator type '" + type + "' is registered but has no EstimatorFixture: add a class "
                + "implementing org.nftb.estimator.EstimatorFixture in its test folder (a small configuration on the "
                + "simulated array) and list it in src/test/resources/META-INF/services/"
                + "org.nftb.estimator.EstimatorFixture");
    }

    static synchronized Subject subject(EstimatorProvider provider) throws Exception {
        Subject s = SUBJECTS.get(provider.type());
        if (s == null) {
            RunConfig cfg = fixture(provider.type()).contractConfig();
            EstimatorSetup setup = provider.setup(cfg);
            CpiLayout layout = new CpiLayout(cfg.rxArray().count(), cfg.cpiSymbols(), cfg.samplesPerSymbol());
            s = new Subject(cfg, setup, layout, signalCpis(cfg, setup));
            SUBJECTS.put(provider.type(), s);
        }
        return s;
    }

    /** The calibrated samples of the first {@link #SIGNAL_CPIS} CPIs of a pipeline run of {@code cfg}. */
    static List<float[]> signalCpis(RunConfig cfg, EstimatorSetup setup) throws Exception {
        List<float[]> frames = new ArrayList<>();
        CalibrationState calibration = new CalibrationState(CalibrationSelection.select(cfg, null));
        try (RadioDevice device = RadioDevices.open(cfg);
             RecordSink sink = new JsonLinesSink(OutputStream.nullOutputStream(), "nowhere", false)) {
            Pipeline p = new Pipeline(cfg, device, calibration, setup, sink, null, SIGNAL_CPIS);
            p.setCpiListener((frame, reported, s) -> frames.add(frame.data().clone()));
            p.run(new RecordSink.RunInfo(cfg.source(), cfg.name(), device.description(), setup.type(), "fe",
                    setup.diagnosticNames(), "contract", 1, "lossless", 8, "contract", List.of()));
        }
        assertEquals(SIGNAL_CPIS, frames.size(), "signal CPIs recorded");
        return frames;
    }

    /** Noise CPI {@code i}: complex Gaussian, unit power per sample, seeded by {@code i}. */
    static CpiFrame noise(CpiLayout layout, int i) {
        CpiFrame f = new CpiFrame(layout);
        SplittableRandom rng = new SplittableRandom(0xC0FFEE + i);
        float[] d = f.data();
        double sd = Math.sqrt(0.5);
        for (int k = 0; k < d.length; k++) {
            d[k] = (float) (sd * rng.nextGaussian());
        }
        f.stamp(i, 0, 0, 1);
        return f;
    }

    static CpiFrame frame(CpiLayout layout, float[] samples, int sequence) {
        CpiFrame f = new CpiFrame(layout);
        System.arraycopy(samples, 0, f.data(), 0, samples.length);
        f.stamp(sequence, 0, 0, 1);
        return f;
    }

    @Test
    void everyRegisteredEstimatorIsCovered() {
        List<String> types = Estimators.types();
        assertTrue(types.containsAll(List.of("dftmusic", "ispac", "vmp")), types.toString());
        for (String type : types) {
            assertEquals(type, fixture(type).type());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void itsFixtureIsARealConfigurationWithATargetItFinds(String type, EstimatorProvider provider) throws Exception {
        Subject s = subject(provider);
        assertEquals(type, s.config().estimator().type());
        assertEquals(type, s.setup().type());
        Estimate e = new Estimate(s.setup());
        int found = 0;
        for (int i = 0; i < s.signal().size(); i++) {
            e.run(frame(s.layout(), s.signal().get(i), i));
            found += e.consistentTargets();
        }
        assertTrue(found > 0, type + " found no target in " + s.signal().size() + " signal CPIs of its fixture");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void itReportsNoConfidentTargetOnNoise(String type, EstimatorProvider provider) throws Exception {
        Subject s = subject(provider);
        Estimate e = new Estimate(s.setup());
        for (int i = 0; i < NOISE_CPIS; i++) {
            e.run(noise(s.layout(), i));
            assertEquals(0, e.consistentTargets(), type + ": a confident target on noise CPI " + i + " of "
                    + NOISE_CPIS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void itRefusesASnapshotOfTheWrongShape(String type, EstimatorProvider provider) throws Exception {
        Subject s = subject(provider);
        Estimator estimator = s.setup().newEstimator();
        SnapshotShape right = s.setup().newFrontEnd().outputShape();
        EstimateFrame out = s.setup().newFrame();
        List<SnapshotShape> wrong = List.of(new SnapshotShape(right.tx() + 1, right.rx(), right.pulses()),
                new SnapshotShape(right.tx(), right.rx() + 1, right.pulses()),
                new SnapshotShape(right.tx(), right.rx(), right.pulses() + 1),
                new SnapshotShape(right.tx(), Math.max(1, right.rx() - 1), right.pulses()));
        for (SnapshotShape shape : wrong) {
            Snapshot bad = new Snapshot(shape);
            SplittableRandom rng = new SplittableRandom(7);
            for (int k = 0; k < bad.data().length; k++) {
                bad.data()[k] = (float) rng.nextGaussian();
            }
            assertThrows(IllegalArgumentException.class, () -> estimator.estimate(bad, out),
                    type + " took a " + shape + " snapshot; it reads " + right);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void itsSetupSurvivesSerializationAndEstimatesTheSameBitForBit(String type, EstimatorProvider provider)
            throws Exception {
        Subject s = subject(provider);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s.setup());
        }
        EstimatorSetup shipped;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            shipped = (EstimatorSetup) in.readObject();
        }
        assertEquals(s.setup().type(), shipped.type());
        assertEquals(s.setup().diagnosticNames(), shipped.diagnosticNames());
        assertEquals(s.setup().maxTargets(), shipped.maxTargets());
        assertEquals(s.setup().newFrontEnd().outputShape(), shipped.newFrontEnd().outputShape());
        Estimate here = new Estimate(s.setup());
        Estimate there = new Estimate(shipped);
        int compared = 0;
        for (int i = 0; i < s.signal().size() + 2; i++) {
            CpiFrame f = i < s.signal().size() ? frame(s.layout(), s.signal().get(i), i) : noise(s.layout(), i);
            here.run(f);
            there.run(f);
            compared += sameBits(type + " CPI " + i, here.frame, there.frame);
        }
        assertTrue(compared > 0, type + ": no target to compare");
    }

    /** Asserts two frames hold the same targets bit for bit; returns the number compared. */
    static int sameBits(String where, EstimateFrame a, EstimateFrame b) {
        assertEquals(a.targetCount(), b.targetCount(), where + ": targets");
        for (int k = 0; k < a.targetCount(); k++) {
            TargetEstimate x = a.target(k);
            TargetEstimate y = b.target(k);
            double[] vx = values(x);
            double[] vy = values(y);
            for (int i = 0; i < vx.length; i++) {
                assertEquals(Double.doubleToRawLongBits(vx[i]), Double.doubleToRawLongBits(vy[i]),
                        where + ", target " + k + ", value " + i + ": " + vx[i] + " vs " + vy[i]);
            }
            assertEquals(x.consistent(), y.consistent());
            assertEquals(x.hasCovariance(), y.hasCovariance());
        }
        return a.targetCount();
    }

    private static double[] values(TargetEstimate t) {
        double[] v = new double[8 + 32 + 3 + t.diagnosticCount()];
        int n = 0;
        for (int i = 0; i < 4; i++) {
            v[n++] = t.parameter(i);
        }
        v[n++] = t.xM();
        v[n++] = t.yM();
        v[n++] = t.vxMps();
        v[n++] = t.vyMps();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                v[n++] = t.polarCovariance(i, j);
                v[n++] = t.cartesianCovariance(i, j);
            }
        }
        v[n++] = t.fitAchieved();
        v[n++] = t.fitExpected();
        v[n++] = t.snrDb();
        for (int i = 0; i < t.diagnosticCount(); i++) {
            v[n++] = t.diagnostic(i);
        }
        return v;
    }

    /**
     * After {@value #WARM_UP_CPIS} CPIs (signal and noise in turn), rounds of {@value #ROUND_CPIS} CPIs through the
     * front end and the estimator: one of {@value #ROUNDS} rounds must allocate nothing at all (the JIT may still be
     * compiling in the first; an estimator that allocates per CPI allocates in every round).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void itAllocatesNothingPerCpiOnceWarmedUp(String type, EstimatorProvider provider) throws Exception {
        Subject s = subject(provider);
        Estimate e = new Estimate(s.setup());
        List<CpiFrame> frames = new ArrayList<>();
        for (int i = 0; i < s.signal().size(); i++) {
            frames.add(frame(s.layout(), s.signal().get(i), i));
            frames.add(noise(s.layout(), i));
        }
        int[] next = {0};
        Runnable cpi = () -> e.run(frames.get(next[0]++ % frames.size()));
        Allocations.during(WARM_UP_CPIS, cpi);
        List<Long> rounds = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            long bytes = Allocations.during(ROUND_CPIS, cpi);
            rounds.add(bytes);
            if (bytes == 0) {
                return;
            }
        }
        fail(type + " allocated in every round of " + ROUND_CPIS + " CPIs after " + WARM_UP_CPIS + " warm-up CPIs: "
                + rounds + " bytes");
    }

    /** One worker's front end, snapshot, estimator and frame, as the pipeline's CpiProcessor holds them. */
    static final class Estimate {
        final FrontEnd frontEnd;
        final Snapshot snapshot;
        final Estimator estimator;
        final EstimateFrame frame;

        Estimate(EstimatorSetup setup) {
            frontEnd = setup.newFrontEnd();
            snapshot = new Snapshot(frontEnd.outputShape());
            estimator = setup.newEstimator();
            frame = setup.newFrame();
        }

        void run(CpiFrame cpi) {
            frontEnd.process(cpi, snapshot);
            estimator.estimate(snapshot, frame);
        }

        int consistentTargets() {
            int n = 0;
            for (int k = 0; k < frame.targetCount(); k++) {
                n += frame.target(k).consistent() ? 1 : 0;
            }
            return n;
        }
    }
}
