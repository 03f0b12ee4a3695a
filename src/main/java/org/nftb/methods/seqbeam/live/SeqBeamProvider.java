package org.nftb.methods.seqbeam.live;

import org.nftb.config.Backend;
import org.nftb.config.ConfigException;
import org.nftb.config.ConfigNode;
import org.nftb.config.EstimatorConfig;
import org.nftb.config.EstimatorContext;
import org.nftb.config.Quantity;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.estimator.EstimatorProvider;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.methods.seqbeam.SeqBeamScene;
import org.nftb.methods.seqbeam.SystemParams;
import org.nftb.model.ElementArray;

import java.util.List;
import java.util.Locale;

/**
 * Seed 002's live loop as an estimator plug-in ({@code estimator.type: seqbeam}): reads and checks its section
 * ({@link LiveConfig}) against the arrays and the timing, and builds the first block's design ({@link SeqBeamSetup}).
 * The sequential stage that re-designs every next block from the estimates is {@link SeqBeamLoopProvider}
 * ({@code sequential.type: seqbeam}). Bad input is a {@link ConfigException} naming the field and the fix.
 */
public final class SeqBeamProvider implements EstimatorProvider {
    /** Most PTs the prior may hold: the design's subspace is 3(K+1) of the N_B dimensions. */
    static final int MAX_PTS = SeqBeamScene.MAX_PTS;

    @Override
    public String type() {
        return LiveConfig.TYPE;
    }

    @Override
    public EstimatorConfig read(ConfigNode node, EstimatorContext context, List<String> warnings) {
        node.allowOnly("type", "subcarriers", "oversampling", "cyclicPrefix", "slots", "rhoMs", "design", "powerBudget", "prior",
                "minRange", "maxRange", "sector", "threshold", "txGain", "seed");
        if (!context.monostatic()) {
            throw node.error("seqbeam senses from the BS's own echoes (monostatic): give 'tx: rx' under arrays");
        }
        ElementArray a = context.rxArray();
        double lambda = context.wavelengthM();
        requireHalfWavelengthUlaAtOrigin(node, a, lambda);
        int m = node.get("subcarriers").integer();
        if (m < 8 || m > 4096 || Integer.bitCount(m) != 1) {
            throw node.get("subcarriers").error("M must be a power of two in [8, 4096] (an FFT per symbol), got " + m);
        }
        int os = node.optional("oversampling").map(ConfigNode::integer).orElse(2);
        if (os < 1 || os > 16) {
            throw node.get("oversampling").error("R (radio sample rate / OFDM bandwidth) must lie in [1, 16], got "
                    + os);
        }
        int cp = node.get("cyclicPrefix").integer();
        if (cp < 2 * OfdmFrontEnd.GUARD || cp >= 4 * os * m) {
            throw node.get("cyclicPrefix").error("must lie in [" + 2 * OfdmFrontEnd.GUARD + ", 4·R·M) samples (the "
                    + "FFT window starts " + OfdmFrontEnd.GUARD + " samples before its end), got " + cp);
        }
        int sps = os * m + cp;
        if (context.samplesPerSymbol() != sps) {
            throw node.error(String.format(Locale.ROOT, "one OFDM symbol is R·M + cp = %d samples, but "
                    + "radio.sampleRate / symbolRate gives %d: set symbolRate to sampleRate / %d", sps,
                    context.samplesPerSymbol(), sps));
        }
        int slots = node.optional("slots").map(ConfigNode::integer).orElse(4);
        if (slots < 1 || context.cpiSymbols() % slots != 0) {
            throw node.get("slots").error("L must be >= 1 and divide cpiSymbols (" + context.cpiSymbols()
                    + ": one CPI is one coherence block of L slots of P symbols), got " + slots);
        }
        double rho = node.optional("rhoMs").map(ConfigNode::number).orElse(0.5);
        if (!(rho >= 0 && rho <= 1)) {
            throw node.get("rhoMs").error("ρ_MS is the MS phase's share of the block and must lie in [0, 1], got "
                    + rho);
        }
        if (rho == 0) {
            throw node.get("rhoMs").error("ρ_MS = 0 leaves the BS no MS symbols: the live loop senses from the MS "
                    + "echoes, give ρ_MS in (0, 1]");
        }
        double sampleRate = context.symbolRateHz() * context.samplesPerSymbol();
        double bandwidth = sampleRate / os;
        double budgetW = node.optional("powerBudget").map(n -> dbmToW(n)).orElse(1e-5);
        SystemParams base = SystemParams.tableII();
        SystemParams sys;
        try {
            sys = new SystemParams(a.count(), base.ueElements(), context.carrierFrequencyHz(), bandwidth, m,
                    budgetW, slots, context.cpiSymbols() / slots, base.clockBiasS(), base.ueOrientationRad(),
                    base.noisePsdWPerHz(), base.noiseFigureDb(), base.pathLossExponent(), base.shadowingDb(),
                    base.ptRcsM2(), base.ueRcsM2(), SystemParams.Layout.SEQUENTIAL, sps / sampleRate, 0);
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        LiveConfig.Kind kind = node.optional("design").map(n -> n.enumeration(LiveConfig.Kind.class))
                .orElse(LiveConfig.Kind.SEPARATE);
        SeqBeamScene prior = prior(node.get("prior"));
        double minR = node.optional("minRange").map(n -> n.positiveQuantity(Quantity.LENGTH)).orElse(3.0);
        double maxR = node.optional("maxRange").map(n -> n.positiveQuantity(Quantity.LENGTH)).orElse(60.0);
        double unambiguous = 299_792_458.0 / (2 * sys.subcarrierSpacingHz());
        double cpRange = 299_792_458.0 * (cp - 2 * OfdmFrontEnd.GUARD) / (2 * sampleRate);
        if (!(maxR > minR) || maxR > Math.min(unambiguous, cpRange)) {
            throw node.error(String.format(Locale.ROOT, "need minRange < maxRange <= %.1f m (the range an echo "
                    + "may have within the cyclic prefix less the simulator's 16-sample interpolator, and the "
                    + "unambiguous range c/(2Δf) = %.1f m), got %s m and %s m: lower maxRange or lengthen "
                    + "cyclicPrefix", Math.min(unambiguous, cpRange), unambiguous, minR, maxR));
        }
        double sector = node.optional("sector").map(n -> n.quantity(Quantity.ANGLE)).orElse(Math.toRadians(70));
        if (!(sector > 0 && sector < Math.PI / 2)) {
            throw node.get("sector").error("must lie in (0, 90) deg");
        }
        double threshold = node.optional("threshold").map(n -> n.quantity(Quantity.DECIBEL)).orElse(15.0);
        double txGain = node.optional("txGain").map(n -> n.quantity(Quantity.DECIBEL)).orElse(0.0);
        long seed = node.optional("seed").map(ConfigNode::longInteger).orElse(1L);
        return new LiveConfig(sys, os, cp, rho, kind, prior, minR, maxR, sector, threshold, txGain, seed);
    }

    /** A power with its unit ({@code -20 dBm}, {@code 10 uW}, {@code 0.01 mW}, {@code 1e-5 W}); > 0 and finite. */
    private static double dbmToW(ConfigNode n) {
        String t = n.isText() ? n.text().trim() : "";
        String low = t.toLowerCase(Locale.ROOT);
        String[][] units = {{"dbm", ""}, {"uw", "1e-6"}, {"mw", "1e-3"}, {"w", "1"}};
        for (String[] u : units) {
            if (low.endsWith(u[0])) {
                double v;
                try {
                    v = Double.parseDouble(low.substring(0, low.length() - u[0].length()).trim());
                } catch (NumberFormatException e) {
                    break;
                }
                double w = u[1].isEmpty() ? Math.pow(10, (v - 30) / 10) : v * Double.parseDouble(u[1]);
                if (!(w > 0) || !Double.isFinite(w)) {
                    throw n.error("the BS power budget P_B must be a finite power > 0 (Table II: -20 dBm), got '"
                            + t + "'");
                }
                return w;
            }
        }
        throw n.error("a power with its unit such as '-20 dBm', '10 uW' or '1e-5 W', got '"
                + (n.isText() ? t : ConfigNode.clip(String.valueOf(n.number()))) + "'");
    }

    private static SeqBeamScene prior(ConfigNode node) {
        node.allowOnly("ue", "targets");
        ConfigNode ue = node.get("ue");
        ue.allowOnly("position", "velocity");
        double[] p = xy(ue.get("position"), Quantity.LENGTH);
        double[] v = ue.optional("velocity").map(n -> xy(n, Quantity.VELOCITY)).orElse(new double[2]);
        ConfigNode tn = node.get("targets");
        List<ConfigNode> list = tn.list();
        if (list.isEmpty() || list.size() > MAX_PTS) {
            throw tn.error(String.format(Locale.ROOT, "seed 002 needs 1 to %d passive targets (PTs) in the prior, "
                    + "got %d", MAX_PTS, list.size()));
        }
        double[][] pts = new double[list.size()][];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = xy(list.get(i), Quantity.LENGTH);
        }
        try {
            return new SeqBeamScene(p, v, pts, null, null, null, null);
        } catch (IllegalArgumentException e) {
            // the scene names its field as scene.ue… / scene.targets…: here it is the prior's
            throw node.error(e.getMessage().replace("scene.", "estimator.prior."));
        }
    }

    private static double[] xy(ConfigNode n, Quantity q) {
        List<ConfigNode> l = n.list();
        if (l.size() != 2) {
            throw n.error("expected [x, y], got " + l.size() + " values");
        }
        return new double[] {l.get(0).quantity(q), l.get(1).quantity(q)};
    }

    private static void requireHalfWavelengthUlaAtOrigin(ConfigNode node, ElementArray a, double lambda) {
        int n = a.count();
        double centreX = (a.xM(0) + a.xM(n - 1)) / 2;
        for (int i = 0; i < n; i++) {
            double expected = centreX + (i - (n - 1) / 2.0) * lambda / 2;
            if (Math.abs(a.xM(i) - expected) > 1e-6 * lambda || Math.abs(a.yM(i)) > 1e-6 * lambda) {
                throw node.error("seqbeam's model (seed 002 §II) is a λ/2 ULA along the x-axis: element " + i
                        + " of arrays.rx is off that grid (give ula: {count: N, spacingWavelengths: 0.5})");
            }
        }
        if (Math.abs(centreX) > 1e-6 * lambda || Math.abs(a.referenceXM() - centreX) > 1e-6 * lambda
                || Math.abs(a.referenceYM()) > 1e-6 * lambda) {
            throw node.error("seqbeam places the BS array's centre at the origin (positions are from it): "
                    + "arrays.rx must be centred at [0 m, 0 m] with its reference point there");
        }
    }

    @Override
    public void check(RunConfig config, List<String> warnings) {
        SceneConfig scene = config.scene();
        if (config.radio().backend() == Backend.SIM && scene != null && (scene.transmitPath() == null
                || scene.transmitPath().mode() != SceneConfig.TransmitPath.Mode.REFLECT
                || !scene.transmitPath().twoWay())) {
            throw new ConfigException(config.source(), "scene.transmitPath", "must be {mode: reflect, twoWay: true}"
                    + " for estimator seqbeam: OFDM ranging needs each echo's round-trip delay");
        }
        if (!config.radio().txLimits().enabled()) {
            throw new ConfigException(config.source(), "radio.txLimits", "estimator seqbeam transmits its designed "
                    + "block every CPI; add radio.txLimits (frequencyRanges, maxGain, maxSampleRate, maxAmplitude)");
        }
    }

    @Override
    public long workingBytesPerWorker(RunConfig config) {
        LiveConfig c = (LiveConfig) config.estimator();
        long entries = (long) c.sys().totalSymbols() * c.sys().subcarriers() * c.sys().bsElements();
        // snapshot (float) + observation and residual (double) + the coarse search cube (gates × Q × 2N beams)
        long gates = 4L * c.sys().subcarriers();
        return 8 * entries + 2 * 16 * entries + 16 * gates * c.sys().totalSymbols() * 4L * c.sys().bsElements();
    }

    @Override
    public EstimatorSetup setup(RunConfig config) {
        LiveConfig c = (LiveConfig) config.estimator();
        return SeqBeamSetup.build(config, c);
    }
}
