package org.nftb.methods.vmp;

import org.nftb.config.Backend;
import org.nftb.config.SceneConfig;
import org.nftb.model.SubarrayLayout;
import org.nftb.config.ConfigException;
import org.nftb.config.ConfigNode;
import org.nftb.config.Quantity;
import org.nftb.config.RunConfig;
import org.nftb.config.EstimatorConfig;
import org.nftb.config.EstimatorContext;
import org.nftb.estimator.EstimatorProvider;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.model.MimoWaveform;

import java.util.List;
import java.util.Locale;

/**
 * Seed 000's VMP estimator as a plug-in ({@code estimator.type: vmp}): needs a separate transmit array
 * ({@code arrays.tx}), both ULAs of one spacing, a subarray size dividing both, and a waveform that separates the
 * transmit elements at the configured samples per pulse. {@code refine: coherent | none} (default coherent) picks
 * whether the coherent one-gain refinement ({@link CoherentRefinement}) follows VMP.
 */
public final class VmpProvider implements EstimatorProvider {
    /** Fraction of the full Doppler 2 v/λ taken as the spread across subarray pairs plus the coarse error. */
    static final double SPREAD_FRACTION = 0.2;

    @Override
    public String type() {
        return VmpConfig.TYPE;
    }

    @Override
    public EstimatorConfig read(ConfigNode node, EstimatorContext context, List<String> warnings) {
        node.allowOnly("type", "waveform", "subarraySize", "fusion", "maxIterations", "tolerance", "decimation",
                "maxSpeed", "refine");
        if (context.monostatic()) {
            throw new ConfigException(node.file(), "arrays.tx", "vmp (seed 000) needs a separate transmit array: "
                    + "describe arrays.tx as its own ula (Fig. 1: along x, apart from arrays.rx)");
        }
        MimoWaveform.Scheme scheme = node.optional("waveform").map(n -> n.enumeration(MimoWaveform.Scheme.class))
                .orElse(MimoWaveform.Scheme.TDM);
        String problem = MimoWaveform.problem(scheme, context.txArray().count(), context.samplesPerSymbol());
        if (problem != null) {
            throw node.optional("waveform").orElse(node).error(problem);
        }
        int m = node.optional("subarraySize").map(ConfigNode::integer).orElse(32);
        try {
            SubarrayLayout layout = new SubarrayLayout(context.txArray(), context.rxArray(), m,
                    context.wavelengthM());
            if (layout.pairs() < 2) {
                throw node.error("vmp needs at least 2 subarray pairs to resolve the velocity (seed 000 §V-C2); "
                        + "make subarraySize smaller than " + m);
            }
        } catch (IllegalArgumentException e) {
            throw node.optional("subarraySize").orElse(node).error(e.getMessage());
        }
        if (m < 2) {
            throw node.get("subarraySize").error("must be >= 2, got " + m);
        }
        VmpConfig.Fusion fusion = node.optional("fusion").map(n -> n.enumeration(VmpConfig.Fusion.class))
                .orElse(VmpConfig.Fusion.SYSTEM);
        int iterations = node.optional("maxIterations").map(ConfigNode::integer).orElse(30);
        if (iterations < 1 || iterations > 1000) {
            throw node.get("maxIterations").error("must be 1..1000, got " + iterations);
        }
        double tolerance = node.optional("tolerance").map(ConfigNode::number).orElse(1e-6);
        if (!(tolerance > 0 && tolerance < 1)) {
            throw node.get("tolerance").error("must lie in (0, 1) radians, got " + tolerance);
        }
        double maxSpeed = node.optional("maxSpeed").map(n -> n.positiveQuantity(Quantity.VELOCITY)).orElse(30.0);
        int pulses = context.cpiSymbols();
        double period = 1 / context.symbolRateHz();
        int decimation;
        if (node.has("decimation")) {
            ConfigNode d = node.get("decimation");
            decimation = d.integer();
            if (decimation < 1 || pulses % decimation != 0 || pulses / decimation < 4) {
                throw d.error("must divide cpiSymbols (" + pulses + ") leaving at least 4 blocks, got " + decimation);
            }
        } else {
            decimation = defaultDecimation(pulses, period, maxSpeed, context.wavelengthM());
        }
        double maxDoppler = 2 * maxSpeed / context.wavelengthM();
        if (maxDoppler * period >= 0.5) {
            warnings.add(String.format(Locale.ROOT, "estimator.maxSpeed: %.1f m/s gives a Doppler of %.0f Hz, beyond "
                    + "the pulse rate's unambiguous ±%.0f Hz; velocities will alias", maxSpeed, maxDoppler,
                    0.5 / period));
        }
        VmpConfig.Refine refine = node.optional("refine").map(n -> n.enumeration(VmpConfig.Refine.class))
                .orElse(VmpConfig.Refine.COHERENT);
        return new VmpConfig(scheme, m, fusion, iterations, tolerance, decimation, maxSpeed, refine);
    }

    /**
     * The largest B dividing L with at least 16 blocks and {@code π Δf B T ≤ 0.5} for the Doppler spread
     * {@code Δf = 0.2 · 2 v_max/λ} (the largest residual after f₀; the decimation's gain loss
     * {@code ≈ (πΔfBT)²/6 ≤ 0.4 dB}), at least 1.
     */
    public static int defaultDecimation(int pulses, double periodS, double maxSpeedMps, double wavelengthM) {
        double spread = SPREAD_FRACTION * 2 * maxSpeedMps / wavelengthM;
        int best = 1;
        for (int b = 1; b <= pulses / 16; b++) {
            if (pulses % b == 0 && Math.PI * spread * b * periodS <= 0.5) {
                best = b;
            }
        }
        return best;
    }

    @Override
    public void check(RunConfig config, List<String> warnings) {
        if (config.scene() == null) {
            return;
        }
        if (config.radio().backend() == Backend.SIM && (config.scene().transmitPath() == null
                || config.scene().transmitPath().mode() != SceneConfig.TransmitPath.Mode.REFLECT)) {
            throw new ConfigException(config.source(), "scene.transmitPath", "must be 'reflect' for vmp on the "
                    + "simulated array: the targets are lit by the MIMO waveform the pipeline transmits every CPI "
                    + "(add 'transmitPath: reflect' under scene)");
        }
        if (!config.radio().txLimits().enabled()) {
            throw new ConfigException(config.source(), "radio.txLimits", "vmp transmits its MIMO waveform every CPI: "
                    + "give radio.txLimits (the frequencies, gain and rate it may use)");
        }
        for (int i = 0; i < config.scene().targets().size(); i++) {
            double v = Math.hypot(config.scene().targets().get(i).initial().vxMps(),
                    config.scene().targets().get(i).initial().vyMps());
            VmpConfig c = (VmpConfig) config.estimator();
            if (v > c.maxSpeedMps()) {
                warnings.add(String.format(Locale.ROOT, "scene.targets[%d]: speed %.1f m/s exceeds estimator.maxSpeed "
                        + "%.1f m/s; the decimation may lose the residual Doppler", i, v, c.maxSpeedMps()));
            }
        }
    }

    /** The snapshot (8 N_t N_r L bytes) and the frame copy dominate; the per-pair buffers are small. */
    @Override
    public long workingBytesPerWorker(RunConfig config) {
        VmpConfig c = (VmpConfig) config.estimator();
        long nt = config.txArray().count();
        long nr = config.rxArray().count();
        long l = config.cpiSymbols();
        long m = c.subarraySize();
        return 8L * nt * nr * l + 16L * m * m * (l / c.decimation()) + 64L * l + 64L * 4 * m * m;
    }

    @Override
    public EstimatorSetup setup(RunConfig config) {
        return new VmpSetup((VmpConfig) config.estimator(), config.txArray(), config.rxArray(), config.wavelengthM(),
                config.symbolPeriodS(), config.cpiSymbols(), config.samplesPerSymbol());
    }
}
