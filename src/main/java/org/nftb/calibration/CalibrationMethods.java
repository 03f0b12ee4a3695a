package org.nftb.calibration;

import org.nftb.config.RunConfig;
import org.nftb.device.TxBurst;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.model.ArrayErrors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nftb.calibration.table.CalibrationException;

/**
 * The calibration methods behind {@link CalibrationMethod}: {@code reference} (one pilot at a known position),
 * {@code positions} (several, jointly), {@code blind} (a target nobody placed), {@code inject} (a reference through
 * a splitter), {@code geometry} (element positions from several pilots) and {@code transmit} (transmit chains by
 * orthogonal codes through a reflector). The fits are in {@link PilotFit}, {@link BlindFit}, {@link InjectedFit},
 * {@link GeometryFit} and {@link TxChainFit}; this class acquires what they need and reports quality.
 *
 * <p><b>How many CPIs.</b> Unless {@code cpis} is given, a method first stacks {@value #PROBE_CPIS} CPIs, measures
 * the per-sample SNR ρ there, and stacks as many more as the requested accuracy needs: an element's phase from K CPIs
 * of M symbols has standard deviation {@code 1/√(2 K M ρ)} rad and its amplitude {@code (20/ln 10)/√(2 K M ρ)} dB, so
 * {@code K = ⌈1.2 · max(1/(2 a_φ²), (8.69/a_A)²/2) / (M ρ)⌉} (20 % margin: the rms over the elements scatters), at
 * most {@code maxCpis}.
 */
public final class CalibrationMethods {
    /** CPIs stacked first to measure the SNR when the count is chosen automatically. */
    public static final int PROBE_CPIS = 16;
    /** The method names, in the order the CLI lists them. */
    public static final List<String> NAMES = List.of("reference", "positions", "blind", "inject", "geometry",
            "transmit");

    private CalibrationMethods() {
    }

    /**
     * What the methods may need.
     *
     * @param sourcesM            pilot (or reflector) positions, interleaved x, y (metres)
     * @param cpis                CPIs per measurement (code periods for transmit), or null to choose automatically
     * @param phaseAccuracyRad    target rms phase accuracy when choosing automatically
     * @param amplitudeAccuracyDb target rms amplitude accuracy when choosing automatically
     * @param maxCpis             most CPIs per measurement when choosing automatically
     * @param txGainDb            transmit gain of injected references and codes, dB
     * @param searchM             geometry: half-width of the position search around the nominal positions, metres
     * @param estimator           blind: the estimator that finds the target
     */
    public record Options(double[] sourcesM, Integer cpis, double phaseAccuracyRad,
                          double amplitudeAccuracyDb, int maxCpis, double txGainDb, double searchM,
                          EstimatorSetup estimator) {
    }

    /**
     * The method called {@code name}.
     *
     * @throws CalibrationException for an unknown name or options the method cannot use
     */
    public static CalibrationMethod of(String name, Options o) {
        int sources = o.sourcesM() == null ? 0 : o.sourcesM().length / 2;
        return switch (name) {
            case "reference" -> {
                need(sources == 1, "reference needs one --source x,y (the pilot's position), got " + sources);
                yield new Pilots("reference", o);
            }
            case "positions" -> {
                need(sources >= 2, "positions needs --sources with two or more positions, got " + sources);
                yield new Pilots("positions", o);
            }
            case "blind" -> {
                need(o.estimator() != null, "blind needs the configuration's estimator");
                yield new Blind(o);
            }
            case "inject" -> new Injected(o);
            case "geometry" -> {
                need(sources >= 3, "geometry needs --sources with three or more pilot positions, got " + sources);
                yield new Geometry(o);
            }
            case "transmit" -> {
                need(sources == 1, "transmit needs one --source x,y (the reflector's position), got " + sources);
                yield new Transmit(o);
            }
            default -> throw new CalibrationException("unknown calibration method '" + name + "'; available: "
                    + String.join(", ", NAMES));
        };
    }

    private static void need(boolean ok, String message) {
        if (!ok) {
            throw new CalibrationException(message);
        }
    }

    /** Stacks enough CPIs for the accuracy asked (see the class comment), reporting progress as {@code what}. */
    static CpiStack stack(CalibrationRig rig, Options o, String what) {
        if (o.cpis() != null) {
            return rig.stack(o.cpis(), what);
        }
        CpiStack stack = rig.stack(PROBE_CPIS, what + " (SNR probe)");
        int more = (int) Math.min(o.maxCpis(), cpisFor(stack.perSampleSnr(), stack.symbols(), o)) - PROBE_CPIS;
        if (more > 0) {
            rig.forEachCpi(more, what, (snapshot, seq) -> stack.add(snapshot));
        }
        return stack;
    }

    /** CPIs that reach the accuracy of {@code o} at per-sample SNR {@code snr} with {@code symbols} per CPI. */
    public static long cpisFor(double snr, int symbols, Options o) {
        double phase = 1 / (2 * o.phaseAccuracyRad() * o.phaseAccuracyRad());
        double a = 20 / Math.log(10) / o.amplitudeAccuracyDb();
        double needed = 1.2 * Math.max(phase, a * a / 2);
        if (!(snr > 0)) {
            throw new CalibrationException("no signal measured in the " + PROBE_CPIS + " probe CPIs (SNR " + snr
                    + "); is the pilot on, and where the configuration says?");
        }
        return (long) Math.ceil(needed / (symbols * snr));
    }

    /** The pilot placed at each of {@code o.sourcesM()} in turn, a stack at each. */
    private static List<CpiStack> stacks(CalibrationRig rig, Options o) {
        int p = o.sourcesM().length / 2;
        List<CpiStack> stacks = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            rig.place(o.sourcesM()[2 * i], o.sourcesM()[2 * i + 1], i, p);
            stacks.add(stack(rig, o, String.format(Locale.ROOT, "pilot %d/%d", i + 1, p)));
        }
        return stacks;
    }

    private static Map<String, Double> quality(CpiStack s) {
        Map<String, Double> q = new LinkedHashMap<>();
        q.put("cpis", (double) s.count());
        q.put("perSampleSnrDb", 10 * Math.log10(s.perSampleSnr()));
        return q;
    }

    /** One pilot (reference) or several (positions), jointly. */
    private record Pilots(String name, Options o) implements CalibrationMethod {
        @Override
        public Measurement measure(CalibrationRig rig) {
            RunConfig c = rig.config();
            int p = o.sourcesM().length / 2;
            List<CpiStack> stacks = stacks(rig, o);
            PilotFit.Result r = PilotFit.fit(c.rxArray(), c.wavelengthM(), stacks, o.sourcesM());
            Map<String, Double> q = quality(stacks.get(0));
            q.put("cpis", stacks.stream().mapToDouble(CpiStack::count).sum());
            q.put("expectedPhaseStdDeg", r.weights().rmsPhaseStdDeg());
            q.put("expectedAmplitudeStdDb", r.weights().rmsAmplitudeStdDb());
            double worst = 0;
            for (double s : r.sensitivityDegPerMm()) {
                worst = Math.max(worst, s);
            }
            q.put("positionSensitivityDegPerMm", worst);
            q.put("commonShiftSensitivityDegPerMm", r.commonShiftDegPerMm());
            if (p > 1) {
                q.put("fitResidualRmsDeg", r.fitResidualRmsDeg());
                q.put("fitResidualFromNoiseRmsDeg", r.noiseRmsDeg());
            }
            List<String> notes = new ArrayList<>();
            notes.add(String.format(Locale.ROOT, "a pilot position error of 1 mm changes W by up to %.3f deg rms "
                    + "(all pilots moved together: %.3f deg rms)", worst, r.commonShiftDegPerMm()));
            if (p > 1 && r.fitResidualRmsDeg() > 2 * r.noiseRmsDeg()) {
                notes.add(String.format(Locale.ROOT, "the pilots disagree beyond noise (%.2f deg rms against %.2f "
                        + "from noise): multipath or pilot positions off", r.fitResidualRmsDeg(), r.noiseRmsDeg()));
            }
            return new Measurement(r.weights(), null, null, null, null, (long) (double) q.get("cpis"), q, notes);
        }
    }

    /** A target in view that holds still, stacked; Weiss–Friedlander alternation. */
    private record Blind(Options o) implements CalibrationMethod {
        @Override
        public String name() {
            return "blind";
        }

        @Override
        public Measurement measure(CalibrationRig rig) {
            RunConfig c = rig.config();
            CpiStack s = stack(rig, o, "blind");
            BlindFit.Result r = BlindFit.fit(s, o.estimator(), c.rxArray(), c.wavelengthM(), c.symbolPeriodS(),
                    ArrayErrors.identity(c.rxArray().count()));
            Map<String, Double> q = quality(s);
            q.put("expectedPhaseStdDeg", r.weights().rmsPhaseStdDeg());
            q.put("expectedAmplitudeStdDb", r.weights().rmsAmplitudeStdDb());
            q.put("iterations", (double) r.iterations());
            q.put("targetXM", r.target().xM());
            q.put("targetYM", r.target().yM());
            return new Measurement(r.weights(), null, null, null, null, s.count(), q, List.of(String.format(Locale.ROOT,
                    "blind: W has no phase ramp along the target's path derivatives (1, dL/dx, dL/dy at x = %.4f m, "
                            + "y = %.4f m): one target cannot tell such a ramp from its own position", r.target().xM(),
                    r.target().yM())));
        }
    }

    /** A chirp through the splitter network. */
    private record Injected(Options o) implements CalibrationMethod {
        static final int MAX_LAG = 16;

        @Override
        public String name() {
            return "inject";
        }

        @Override
        public Measurement measure(CalibrationRig rig) {
            RunConfig c = rig.config();
            int samples;
            if (o.cpis() != null) {
                samples = Math.max(1024, o.cpis() * c.samplesPerCpi());
            } else {
                InjectedFit.Result probe = capture(rig, c, 2048, "inject (SNR probe)");
                double snr = Math.pow(10, probe.snrDb() / 10);
                long needed = cpisFor(snr, 1, o) + 2L * (MAX_LAG + InjectedFit.TAPS);
                samples = (int) Math.min((long) o.maxCpis() * c.samplesPerCpi(), Math.max(2048, needed));
            }
            InjectedFit.Result r = capture(rig, c, samples, "inject");
            Map<String, Double> q = new LinkedHashMap<>();
            q.put("samples", (double) samples);
            q.put("perSampleSnrDb", r.snrDb());
            q.put("dominanceDb", r.dominanceDb());
            q.put("expectedPhaseStdDeg", r.weights().rmsPhaseStdDeg());
            q.put("expectedAmplitudeStdDb", r.weights().rmsAmplitudeStdDb());
            return new Measurement(r.weights(), null, r.delaySamples(), r.weights(), null,
                    samples / c.samplesPerCpi(), q, List.of("inject: W of the receive chains as the splitter network "
                    + "sees them (each path's own cable is included); delays relative to element 0"));
        }

        private InjectedFit.Result capture(CalibrationRig rig, RunConfig c, int samples, String what) {
            float[] chirp = InjectedFit.chirp(samples + 2 * MAX_LAG + 64, InjectedFit.DEFAULT_BAND);
            float[][] y = rig.capture(new TxBurst(new float[][] {chirp}, c.carrierFrequencyHz(), o.txGainDb(),
                    c.radio().sampleRateHz(), -1), samples, what);
            return InjectedFit.fit(y, MAX_LAG);
        }
    }

    /** Element positions and W from several pilots. */
    private record Geometry(Options o) implements CalibrationMethod {
        @Override
        public String name() {
            return "geometry";
        }

        @Override
        public Measurement measure(CalibrationRig rig) {
            RunConfig c = rig.config();
            List<CpiStack> stacks = stacks(rig, o);
            GeometryFit.Result r = GeometryFit.fit(c.rxArray(), c.wavelengthM(), stacks, o.sourcesM(), o.searchM());
            double moved = 0;
            for (int e = 0; e < c.rxArray().count(); e++) {
                moved = Math.max(moved, Math.hypot(r.positionsM()[2 * e] - c.rxArray().xM(e),
                        r.positionsM()[2 * e + 1] - c.rxArray().yM(e)));
            }
            Map<String, Double> q = quality(stacks.get(0));
            q.put("cpis", stacks.stream().mapToDouble(CpiStack::count).sum());
            q.put("largestMoveFromNominalM", moved);
            q.put("expectedPhaseStdDeg", r.weights().rmsPhaseStdDeg());
            return new Measurement(r.weights(), null, null, null, r.positionsM(), (long) (double) q.get("cpis"), q,
                    List.of("geometry: positions in the nominal array's frame (a rigid shift or rotation of the whole "
                            + "array is not observable; it shows as a phase ramp of W); to use them, write them into "
                            + "arrays.rx.elements of the hw-config"));
        }
    }

    /** Transmit chains by Walsh–Hadamard codes through a reflector. */
    private record Transmit(Options o) implements CalibrationMethod {
        @Override
        public String name() {
            return "transmit";
        }

        @Override
        public Measurement measure(CalibrationRig rig) {
            RunConfig c = rig.config();
            rig.place(o.sourcesM()[0], o.sourcesM()[1], 0, 1);
            int tx = c.txArray().count();
            int periods = o.cpis() != null ? o.cpis() : 64;
            int l = TxChainFit.period(tx);
            float[][] y = rig.capture(new TxBurst(TxChainFit.codes(tx, periods), c.carrierFrequencyHz(), o.txGainDb(),
                    c.radio().sampleRateHz(), -1), periods * l, "transmit codes");
            TxChainFit.Result r = TxChainFit.fit(y, c.rxArray(), c.txArray(), c.wavelengthM(), o.sourcesM()[0],
                    o.sourcesM()[1]);
            Map<String, Double> q = new LinkedHashMap<>();
            q.put("codePeriods", (double) periods);
            q.put("decodedSnrDb", r.snrDb());
            q.put("expectedRxPhaseStdDeg", r.rx().rmsPhaseStdDeg());
            q.put("expectedTxPhaseStdDeg", r.tx().rmsPhaseStdDeg());
            return new Measurement(r.rx(), r.tx(), null, null, null, (long) periods * l / c.samplesPerCpi(), q,
                    List.of("transmit: decoded on the raw samples (seed 000's MIMO front end does not exist yet); "
                            + "transmit chain 0 is the transmit phase reference"));
        }
    }
}
