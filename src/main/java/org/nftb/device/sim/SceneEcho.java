package org.nftb.device.sim;

import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.model.BistaticModel;
import org.nftb.model.CpiTiming;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PhysicalConstants;
import org.nftb.model.SpaceTimeSignal;
import org.nftb.model.TargetState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The scene's response over one CPI, per target: {@code table(t)[2 (n M + m)] = a_t · w_n · s_{t,n}[m]} with
 * {@code s_{t,n}[m] = exp(−j 2π/λ (L_n + t_m L̇_n))} the exact per-element model of {@link SpaceTimeSignal}
 * (seed 001 eqs. 1-7 through {@link ElementRangeModel}), {@code a_t} the target's per-sample amplitude, {@code w_n}
 * the array errors W and {@code t_m} symbol m's time from the CPI centre.
 *
 * <p><b>Scene time.</b> The state a CPI encodes is the state at its centre: the device time
 * {@code timeOf(first sample) + CpiTiming.centreOffsetNanos}. A target's state at device time t (ns) is its initial
 * state for {@code motion: frozen} and {@code initial.advancedBy(t / 10⁹)} (seconds) for {@code motion: linear}:
 * the initial state is the state at device time 0. {@link #statesAt} (the ground truth) and {@link #prepare} (the
 * synthesis) use that one function. Within a CPI, {@code motion: frozen} is seed 001's model (every path grows
 * linearly, {@code L_n + t_m L̇_n}); {@code motion: linear} moves the target on its straight line during the CPI:
 * symbol m sees the exact path {@code L_n(p + v t_m)} (receive leg, and the transmit leg of a separate transmit
 * array), so each path's curvature — what seed 001's model leaves out — is in the samples.
 *
 * <p>For a multi-channel burst in {@code transmitPath: reflect} the table also holds, per target, the transmit
 * array's factor {@code f_{t,j} = exp(−j 2π/λ (|p_t − e_j| − |p_t − ref|))} of transmit element j relative to the
 * transmit array's reference point, at the CPI centre (the one-way model keeps the common transmit leg in the gain).
 *
 * <p><b>Separate transmit array</b> ({@code arrays.tx} its own array, seed 000 Fig. 1): the echo of transmit element
 * i on receive element j is seed 000 eqs. (1)-(4) exactly, {@code β_ij exp(−j 2π/λ (L_ij + t_m L̇_ij))} with
 * {@code L_ij = |p − t_i| + |p − r_j|} ({@link BistaticModel}) and {@code β_ij = a_t r̄_t r̄_r / (|p − t_i| |p − r_j|)}
 * (eq. 1's radar-equation gain, scaled so that a_t is the amplitude at the arrays' reference points r̄). The model
 * separates into legs, so the table holds the receive leg {@code a_t w_j (r̄_r/r_j) e^{−j2π/λ (r_j + t_m ṙ_j)}} and
 * {@link #txFactors} the transmit leg per symbol, {@code (r̄_t/r_i) e^{−j2π/λ (r_i + t_m ṙ_i)}} at
 * {@code [2 (i M + m)]}: their product is exact, not an approximation. The envelope delay of eq. (1),
 * {@code s_i(t − τ)}, is not applied (as for every burst here, see {@link HeardBursts}): the matched filter is
 * taken as range-gated on the target.
 *
 * <p>Tables are recomputed only when (stream, CPI, frequency) changes; no allocation after construction. Not
 * thread-safe.
 */
final class SceneEcho {
    private final SceneConfig scene;
    private final ElementRangeModel rxModel;
    private final ElementRangeModel txModel;
    private final ElementArray txArray;
    private final boolean bistatic;
    private final ElementArray rxArray;
    private final int channels;
    private final int symbols;
    private final double symbolPeriodS;
    private final double[] amplitude;
    private final double[] errorsW;
    private final double[][] table;
    private final double[][] txFactor;
    private final double[] path;
    private final double[] rate;
    private final double[] txPath;
    private final double[] txRate;
    private final double[] curvedPath;   // linear motion: paths at one symbol's position
    private final double[] curvedRate;
    private final boolean twoWay;
    private final double sampleRateHz;
    private final double[] delaySamples;   // two-way: each target's round-trip delay, samples, at the CPI centre
    private final double[][] referenceLeg; // two-way, one transmit leg: e^{−j2π/λ r̄_t(t_m)} per symbol, [2 m]
    private double maxDelaySamples;
    private int keyStream = -1;
    private long keyCpi = Long.MIN_VALUE;
    private double keyFrequencyHz = Double.NaN;

    /**
     * @param errorsW        the array errors W (interleaved re/im), applied in the table
     * @param withTxFactors  also compute the transmit array factors (reflect of multi-channel bursts)
     */
    SceneEcho(RunConfig config, double[] errorsW, boolean withTxFactors) {
        this.scene = config.scene();
        this.rxModel = new ElementRangeModel(config.rxArray(), config.wavelengthM());
        this.txArray = config.txArray();
        this.txModel = withTxFactors ? new ElementRangeModel(txArray, config.wavelengthM()) : null;
        this.bistatic = withTxFactors && !config.monostatic();
        this.rxArray = config.rxArray();
        this.channels = config.rxArray().count();
        this.symbols = config.cpiSymbols();
        this.symbolPeriodS = config.symbolPeriodS();
        this.errorsW = errorsW;
        List<SceneConfig.Target> targets = scene.targets();
        this.amplitude = new double[targets.size()];
        for (int t = 0; t < amplitude.length; t++) {
            amplitude[t] = Math.sqrt(Math.pow(10, targets.get(t).perSampleSnrDb() / 10));
        }
        this.table = new double[amplitude.length][2 * channels * symbols];
        this.txFactor = withTxFactors
                ? new double[amplitude.length][2 * txArray.count() * (bistatic ? symbols : 1)] : null;
        this.path = new double[channels];
        this.rate = new double[channels];
        this.txPath = withTxFactors ? new double[txArray.count()] : null;
        this.txRate = withTxFactors ? new double[txArray.count()] : null;
        int most = Math.max(channels, withTxFactors ? txArray.count() : 0);
        this.curvedPath = new double[most];
        this.curvedRate = new double[most];
        SceneConfig.TransmitPath tp = scene.transmitPath();
        this.twoWay = tp != null && tp.twoWay();
        this.sampleRateHz = config.radio().sampleRateHz();
        this.delaySamples = new double[amplitude.length];
        this.referenceLeg = twoWay && !bistatic ? new double[amplitude.length][2 * symbols] : null;
    }

    int targets() {
        return amplitude.length;
    }

    /** Seconds the targets of a linear-motion scene have moved at device time {@code deviceTimeNanos}. */
    private static double motionSeconds(long deviceTimeNanos) {
        return deviceTimeNanos / 1e9;   // correctly rounded: t ns is the double nearest t·10⁻⁹ s
    }

    /**
     * True states of all targets of {@code scene} at device time {@code deviceTimeNanos}, in scene order
     * (allocates; not for the sample path). Thread-safe.
     */
    static List<TargetState> statesAt(SceneConfig scene, long deviceTimeNanos) {
        List<TargetState> out = new ArrayList<>(scene.targets().size());
        for (SceneConfig.Target target : scene.targets()) {
            TargetState s = target.initial();
            out.add(scene.motion() == SceneConfig.Motion.FROZEN ? s : s.advancedBy(motionSeconds(deviceTimeNanos)));
        }
        return List.copyOf(out);
    }

    /**
     * Makes {@link #table} hold CPI {@code cpi} of stream {@code stream} at carrier {@code frequencyHz}, the scene
     * evaluated at device time {@code centreNanos}. Returns whether it had to recompute.
     */
    boolean prepare(int stream, long cpi, long centreNanos, double frequencyHz) {
        if (stream == keyStream && cpi == keyCpi && frequencyHz == keyFrequencyHz) {
            return false;
        }
        double wavelengthM = PhysicalConstants.wavelengthM(frequencyHz);
        double dt = motionSeconds(centreNanos);
        for (int t = 0; t < amplitude.length; t++) {
            TargetState s0 = scene.targets().get(t).initial();
            double x = s0.xM();
            double y = s0.yM();
            if (scene.motion() == SceneConfig.Motion.LINEAR) {
                // exactly TargetState.advancedBy(dt), without the allocation
                x = s0.xM() + s0.vxMps() * dt;
                y = s0.yM() + s0.vyMps() * dt;
            }
            rxModel.paths(x, y, s0.vxMps(), s0.vyMps(), path, rate);
            double[] tab = table[t];
            Arrays.fill(tab, 0);
            if (scene.motion() == SceneConfig.Motion.LINEAR) {
                alongTheLine(rxModel, x, y, s0, wavelengthM, amplitude[t], tab);
            } else {
                SpaceTimeSignal.accumulate(path, rate, channels, symbols, wavelengthM, symbolPeriodS, amplitude[t], 0,
                        tab);
            }
            double refR = Math.hypot(x - rxArray.referenceXM(), y - rxArray.referenceYM());
            for (int n = 0; n < channels; n++) {
                double spread = bistatic ? refR / path[n] : 1;   // eq. (1): β ∝ 1/r_j on the receive leg
                double wr = spread * errorsW[2 * n];
                double wi = spread * errorsW[2 * n + 1];
                int base = 2 * n * symbols;
                for (int m = 0; m < symbols; m++) {
                    double er = tab[base + 2 * m];
                    double ei = tab[base + 2 * m + 1];
                    tab[base + 2 * m] = wr * er - wi * ei;
                    tab[base + 2 * m + 1] = wr * ei + wi * er;
                }
            }
            if (bistatic) {
                transmitLeg(x, y, s0, wavelengthM, txFactor[t]);
            } else if (txFactor != null) {
                txFactors(x, y, s0, wavelengthM, txFactor[t]);
            }
            if (twoWay) {
                double toTx = Math.hypot(x - txArray.referenceXM(), y - txArray.referenceYM());
                delaySamples[t] = (toTx + refR) / PhysicalConstants.SPEED_OF_LIGHT_MPS * sampleRateHz;
                maxDelaySamples = Math.max(maxDelaySamples, delaySamples[t]);
                if (referenceLeg != null) {
                    referenceLeg(x, y, s0, wavelengthM, referenceLeg[t]);
                }
            }
        }
        keyStream = stream;
        keyCpi = cpi;
        keyFrequencyHz = frequencyHz;
        return true;
    }

    private void txFactors(double x, double y, TargetState s0, double wavelengthM, double[] out) {
        txModel.paths(x, y, s0.vxMps(), s0.vyMps(), txPath, txRate);
        double ref = Math.hypot(x - txArray.referenceXM(), y - txArray.referenceYM());
        double k = 2 * Math.PI / wavelengthM;
        for (int j = 0; j < txPath.length; j++) {
            double ph = -k * (txPath[j] - ref);
            out[2 * j] = Math.cos(ph);
            out[2 * j + 1] = Math.sin(ph);
        }
    }

    /** The bistatic transmit leg per element and symbol (see the class comment), into {@code out[2 (i M + m)]}. */
    private void transmitLeg(double x, double y, TargetState s0, double wavelengthM, double[] out) {
        txModel.paths(x, y, s0.vxMps(), s0.vyMps(), txPath, txRate);
        Arrays.fill(out, 0);
        if (scene.motion() == SceneConfig.Motion.LINEAR) {
            alongTheLine(txModel, x, y, s0, wavelengthM, 1, out);
        } else {
            SpaceTimeSignal.accumulate(txPath, txRate, txPath.length, symbols, wavelengthM, symbolPeriodS, 1, 0, out);
        }
        double refT = Math.hypot(x - txArray.referenceXM(), y - txArray.referenceYM());
        for (int i = 0; i < txPath.length; i++) {
            double g = refT / txPath[i];
            for (int m = 0; m < symbols; m++) {
                out[2 * (i * symbols + m)] *= g;
                out[2 * (i * symbols + m) + 1] *= g;
            }
        }
    }

    /**
     * {@code out[2 (n M + m)] = gain · exp(−j 2π/λ L_n(p + v t_m))}: each symbol's paths at the target's position on
     * its straight line at that symbol's time (t_m from the CPI centre, where {@code (x, y)} is).
     */
    private void alongTheLine(ElementRangeModel model, double x, double y, TargetState s0, double wavelengthM,
                              double gain, double[] out) {
        double k = 2 * Math.PI / wavelengthM;
        int n = model.channelCount();
        for (int m = 0; m < symbols; m++) {
            double tm = CpiTiming.symbolTimeS(m, symbols, symbolPeriodS);
            model.paths(x + s0.vxMps() * tm, y + s0.vyMps() * tm, s0.vxMps(), s0.vyMps(), curvedPath, curvedRate);
            for (int c = 0; c < n; c++) {
                double ph = -k * curvedPath[c];
                out[2 * (c * symbols + m)] = gain * Math.cos(ph);
                out[2 * (c * symbols + m) + 1] = gain * Math.sin(ph);
            }
        }
    }

    /**
     * The transmit leg from the transmit array's reference point t̄ per symbol, {@code e^{−j2π/λ |p(t_m) − t̄|}} into
     * {@code out[2 m]}: along the straight line for {@code motion: linear}, linear in t_m for {@code frozen} (the
     * receive leg's models). Two-way path of a monostatic array or a one-channel burst: with the receive leg and the
     * relative transmit factors of {@link #txFactors} the echo is the whole round trip.
     */
    private void referenceLeg(double x, double y, TargetState s0, double wavelengthM, double[] out) {
        double k = 2 * Math.PI / wavelengthM;
        double rx = x - txArray.referenceXM();
        double ry = y - txArray.referenceYM();
        double r = Math.hypot(rx, ry);
        double rate = (rx * s0.vxMps() + ry * s0.vyMps()) / r;
        for (int m = 0; m < symbols; m++) {
            double tm = CpiTiming.symbolTimeS(m, symbols, symbolPeriodS);
            double rm = scene.motion() == SceneConfig.Motion.LINEAR
                    ? Math.hypot(rx + s0.vxMps() * tm, ry + s0.vyMps() * tm) : r + rate * tm;
            out[2 * m] = Math.cos(-k * rm);
            out[2 * m + 1] = Math.sin(-k * rm);
        }
    }

    /** Whether the echoes carry the two-way propagation ({@code transmitPath.twoWay}). */
    boolean twoWay() {
        return twoWay;
    }

    /** Two-way: target t's round-trip delay at the prepared CPI's centre, samples. */
    double delaySamples(int target) {
        return delaySamples[target];
    }

    /** Two-way: the largest round-trip delay prepared so far, samples (0 before the first). */
    double maxDelaySamples() {
        return maxDelaySamples;
    }

    /** Two-way, monostatic or one-channel: target t's transmit leg from the reference point per symbol, [2 m]. */
    double[] referenceLeg(int target) {
        return referenceLeg[target];
    }

    /** Whether {@link #txFactors} holds the bistatic transmit leg per symbol ({@code [2 (i M + m)]}). */
    boolean bistatic() {
        return bistatic;
    }

    /** Target t's table of the prepared CPI: {@code [2 (n M + m)]} re, {@code +1} im. Read-only for callers. */
    double[] table(int target) {
        return table[target];
    }

    /** Target t's transmit array factors {@code [2 j]} re, {@code +1} im (only when built with them). */
    double[] txFactors(int target) {
        return txFactor[target];
    }
}
