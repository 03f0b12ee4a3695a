package org.nftb.config;

import org.nftb.model.ElementArray;
import org.nftb.model.PolarState;
import org.nftb.model.RadarEquation;
import org.nftb.model.TargetState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the {@code scene:} section, what the simulated array sees (docs/configuration.md, {@code scene}: {@code scene.seed},
 * {@code scene.motion}, {@code scene.realTime}, {@code scene.targets[]} with {@code scene.link}, and
 * {@code scene.calibrationErrors}, {@code scene.faults} ({@link FaultsReader})). A target's strength is one of {@code snrDb} (per sample and element),
 * {@code processedSnrDb} (after the processing gain) or {@code rcs} (radar equation, seed 001 eq. 6).
 */
final class SceneReader {
    private SceneReader() {
    }

    /** {@code scene.link}: what the radar equation needs besides the target. */
    private record Link(double txPowerDbm, double antennaGainDbi, double noiseFigureDb) {
    }

    /**
     * Reads {@code node} (the {@code scene:} mapping).
     *
     * @param rx           receive array: targets are placed relative to its reference point
     * @param cpiSymbols   symbols per CPI, M (processing gain)
     * @param symbolRateHz symbol rate (samples per symbol = radio sample rate / symbol rate)
     * @param wavelengthM  carrier wavelength (radar equation)
     * @param radio        the radio section: its sample rate is the noise bandwidth of one sample
     */
    static SceneConfig read(ConfigNode node, ElementArray rx, int cpiSymbols, double symbolRateHz,
                            double wavelengthM, RadioConfig radio) {
        node.allowOnly("seed", "motion", "realTime", "targets", "calibrationErrors", "link", "loPhaseJumps",
                "transmitPath", "faults");
        long seed = node.optional("seed").map(ConfigNode::longInteger).orElse(1L);
        SceneConfig.Motion motion = node.optional("motion").map(n -> n.enumeration(SceneConfig.Motion.class))
                .orElse(SceneConfig.Motion.FROZEN);
        boolean realTime = node.optional("realTime").map(ConfigNode::bool).orElse(true);
        Link link = node.optional("link").map(SceneReader::readLink).orElse(null);
        List<ConfigNode> items = node.get("targets").list();
        if (items.isEmpty()) {
            throw node.get("targets").error("needs at least one target");
        }
        // processed SNR = per-sample SNR + 10·log10(N·M·S): the assembler integrates S samples per symbol and the
        // 2D-DFT adds N·M (seed 001 §V: 39.1 dB for N = 256, M = 32, S = 1)
        int samplesPerSymbol = (int) Math.round(radio.sampleRateHz() / symbolRateHz);
        double processingGainDb = 10 * Math.log10((double) rx.count() * cpiSymbols * samplesPerSymbol);
        List<SceneConfig.Target> targets = new ArrayList<>();
        for (ConfigNode t : items) {
            targets.add(readTarget(t, rx, processingGainDb, link, wavelengthM, radio.sampleRateHz()));
        }
        SceneConfig.CalibrationErrors errors = node.optional("calibrationErrors")
                .map(e -> readCalibrationErrors(e, seed)).orElse(null);
        SceneConfig scene = SceneHardwareReader.read(node, new SceneConfig(seed, motion, realTime,
                List.copyOf(targets), errors), rx.count());
        return node.optional("faults").map(f -> scene.withFaults(FaultsReader.read(f, seed, rx.count(),
                radio.sampleRateHz()))).orElse(scene);
    }

    private static Link readLink(ConfigNode l) {
        l.allowOnly("txPower", "antennaGain", "noiseFigure");
        return new Link(l.get("txPower").quantity(Quantity.DBM), l.get("antennaGain").quantity(Quantity.DBI),
                l.get("noiseFigure").quantity(Quantity.DECIBEL));
    }

    /** One entry of {@code scene.targets}: its state, then its per-sample SNR. */
    private static SceneConfig.Target readTarget(ConfigNode t, ElementArray rx, double processingGainDb, Link link,
                                                 double wavelengthM, double sampleRateHz) {
        t.allowOnly("range", "angle", "radialVelocity", "transverseVelocity", "position", "velocity",
                "snrDb", "processedSnrDb", "rcs");
        TargetState state = t.has("position") ? readCartesian(t, rx) : readPolar(t, rx);
        int given = (t.has("snrDb") ? 1 : 0) + (t.has("processedSnrDb") ? 1 : 0) + (t.has("rcs") ? 1 : 0);
        if (given != 1) {
            throw t.error("give exactly one of snrDb (per sample and element), processedSnrDb (after the "
                    + String.format(Locale.ROOT, "%.1f", processingGainDb) + " dB 2D-DFT gain) or rcs (needs scene.link)");
        }
        double snrDb;
        if (t.has("snrDb")) {
            snrDb = t.get("snrDb").number();
        } else if (t.has("processedSnrDb")) {
            snrDb = t.get("processedSnrDb").number() - processingGainDb;
        } else {
            if (link == null) {
                throw t.get("rcs").error("an rcs target needs scene.link (txPower, antennaGain, noiseFigure)");
            }
            double rcs = t.get("rcs").positiveQuantity(Quantity.AREA);
            PolarState pol = state.toPolar(rx.referenceXM(), rx.referenceYM());
            snrDb = RadarEquation.perSampleSnrDb(link.txPowerDbm(), link.antennaGainDbi(), link.noiseFigureDb(), rcs,
                    wavelengthM, pol.rangeM(), sampleRateHz);
        }
        t.within(snrDb, Limits.MIN_SNR_DB, Limits.MAX_SNR_DB, 1, "dB per sample and element",
                "beyond 150 dB samples overflow; the SNR given, less the processing gain where it applies");
        t.within(Math.hypot(state.xM() - rx.referenceXM(), state.yM() - rx.referenceYM()), 0, Limits.MAX_POSITION_M,
                1, "m from the array", "a target in a lab scene");
        t.within(Math.hypot(state.vxMps(), state.vyMps()), 0, Limits.C_MPS * (1 - 1e-9), 1, "m/s",
                "a target's speed is below the speed of light");
        return new SceneConfig.Target(state, snrDb);
    }

    /** {@code position: [x, y]} (in front of the array) and optional {@code velocity: [vx, vy]}. */
    private static TargetState readCartesian(ConfigNode t, ElementArray rx) {
        if (t.has("range") || t.has("angle") || t.has("radialVelocity") || t.has("transverseVelocity")) {
            throw t.error("give either position/velocity or range/angle/radialVelocity/transverseVelocity, not both");
        }
        double[] p = t.get("position").point(Quantity.LENGTH);
        if (!(p[1] > rx.referenceYM())) {
            throw t.get("position").error("the target must be in front of the array (y > "
                    + rx.referenceYM() + " m, broadside is +y)");
        }
        double[] v = t.has("velocity") ? t.get("velocity").point(Quantity.VELOCITY) : new double[2];
        return new TargetState(p[0], p[1], v[0], v[1]);
    }

    /** {@code range}, {@code angle} from broadside and optional radial and transverse velocities. */
    private static TargetState readPolar(ConfigNode t, ElementArray rx) {
        double r = t.get("range").positiveQuantity(Quantity.LENGTH);
        double th = t.get("angle").quantity(Quantity.ANGLE);
        if (Math.abs(th) >= Math.PI / 2) {
            throw t.get("angle").error("must lie strictly between -90 deg and 90 deg (in front of the array)");
        }
        double vr = t.optional("radialVelocity").map(n -> n.quantity(Quantity.VELOCITY)).orElse(0.0);
        double vt = t.optional("transverseVelocity").map(n -> n.quantity(Quantity.VELOCITY)).orElse(0.0);
        return TargetState.fromPolar(new PolarState(r, th, vr, vt), rx.referenceXM(), rx.referenceYM());
    }

    /** {@code scene.calibrationErrors}; its seed defaults to the scene seed + 1. */
    private static SceneConfig.CalibrationErrors readCalibrationErrors(ConfigNode e, long sceneSeed) {
        e.allowOnly("phaseMax", "amplitudeMax", "seed");
        double phase = e.get("phaseMax").quantity(Quantity.ANGLE);
        double amp = e.get("amplitudeMax").quantity(Quantity.DECIBEL);
        if (phase < 0 || amp < 0) {
            throw e.error("phaseMax and amplitudeMax must be >= 0");
        }
        e.get("phaseMax").within(phase, 0, 2 * Math.PI, Math.PI / 180, "deg", "a phase error spans at most a turn");
        e.get("amplitudeMax").within(amp, 0, Limits.MAX_AMPLITUDE_ERROR_DB, 1, "dB",
                "an element 40 dB off its neighbours is broken, not miscalibrated");
        return new SceneConfig.CalibrationErrors(phase, amp, e.optional("seed").map(ConfigNode::longInteger)
                .orElse(sceneSeed + 1));
    }
}
