package org.nftb.calibration;

import org.nftb.config.CalibrationConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.RadioDevice;
import org.nftb.device.TxBurst;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.TargetEstimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nftb.calibration.table.CalibrationException;
import org.nftb.calibration.table.CalibrationFile;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.ChainWeights;

/**
 * The check after every start of streaming (or retune): is the table in force still right? A quick estimate of W —
 * from an injected reference, or blind from the target in view — is compared with the table; k·90° jumps (and,
 * with an injected reference, arbitrary LO jumps) are resolved by re-referencing ({@link JumpResolver}) and the
 * corrected table is offered to the {@link CalibrationState} before the first CPI is assembled, so the first CPI
 * processed already carries it. When the difference cannot be explained the check refuses: streaming with a stale
 * table would give confident wrong answers.
 *
 * <p><b>Injected.</b> A chirp of {@code cpis} CPI lengths goes through the splitter network ({@link InjectedFit}); the
 * fresh W is compared with the injection network's own signature stored in the calibration file when there is one
 * (the network's splitter and cables then cancel), else with the table itself (right when the table was measured by
 * injection, or the network's paths are matched). <b>Blind.</b> {@code cpis} CPIs are stacked and the estimator
 * finds the target on them corrected by the table; the per-element residual ({@link ElementResiduals}) gives the
 * jumps. Up to three rounds: a round that resolves jumps lets the estimator see a cleaner array in the next.
 *
 * <p>Runs on the thread that starts the stream, before the workers; allocates (it runs once).
 */
public final class StartCheck {
    private static final int BLIND_ROUNDS = 3;

    private final RunConfig config;
    private final CalibrationConfig.StartCheck settings;
    private final ChainWeights signature;
    private final EstimatorSetup setup;

    /**
     * @param file   the calibration file in force (its injection signature is used when present), or null
     * @param setup  the estimator (blind check), or null for an injected check
     */
    public StartCheck(RunConfig config, CalibrationConfig.StartCheck settings, CalibrationFile file,
                      EstimatorSetup setup) {
        this.config = config;
        this.settings = settings;
        this.signature = file == null ? null : file.nearest(config.carrierFrequencyHz()).injected();
        this.setup = setup;
        if (settings.method() == CalibrationConfig.CheckMethod.BLIND && setup == null) {
            throw new IllegalArgumentException("a blind start check needs the estimator");
        }
    }

    /**
     * What the check found.
     *
     * @param resolution  the jumps and the correction
     * @param table       the corrected table offered, or null when nothing moved
     * @param version     its version in the calibration state, or 0
     */
    public record Report(JumpResolver.Resolution resolution, CalibrationTable table, long version) {
    }

    /**
     * Measures with {@code device} (already streaming), resolves, and offers the corrected table to {@code state}.
     *
     * @throws CalibrationException when a channel's change is not explained (stale table: re-calibrate)
     */
    public Report run(RadioDevice device, CalibrationState state) {
        CalibrationTable inForce = state.current().table();
        CalibrationRig rig = CalibrationRig.attached(config, device);
        JumpResolver.Resolution res = settings.method() == CalibrationConfig.CheckMethod.INJECT
                ? injected(rig, inForce) : blind(rig, inForce);
        if (!res.resolved()) {
            throw new CalibrationException(String.format(Locale.ROOT, "stale calibration: after the start of "
                            + "streaming channels %s moved by %s deg against %s, which is not a multiple of 90 deg within "
                            + "%.1f deg (the %s check cannot re-reference arbitrary jumps); re-calibrate (nftb calibrate) "
                            + "or check with an injected reference", res.unexplained(), remainders(res), inForce.source(),
                    Math.toDegrees(settings.toleranceRad()), settings.method().name().toLowerCase(Locale.ROOT)));
        }
        if (!res.anyJump()) {
            return new Report(res, null, 0);
        }
        double[] w = ChainWeights.of(inForce.responseW()).times(res.correction()).w();
        CalibrationTable corrected = new CalibrationTable(inForce.arrayId(), inForce.centerFrequencyHz(),
                inForce.createdUtc(), inForce.method() + ", re-referenced at the start of streaming ("
                + String.join("; ", res.jumps()) + ")", w, inForce.source());
        return new Report(res, corrected, state.offer(corrected));
    }

    private static String remainders(JumpResolver.Resolution res) {
        StringBuilder s = new StringBuilder();
        for (int i : res.unexplained()) {
            s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", res.remainderDeg()[i]));
        }
        return "[" + s + "]";
    }

    private JumpResolver.Resolution injected(CalibrationRig rig, CalibrationTable inForce) {
        int samples = Math.max(2048, settings.cpis() * config.samplesPerCpi());
        int maxLag = 16;
        float[] chirp = InjectedFit.chirp(samples + 2 * maxLag + 64, InjectedFit.DEFAULT_BAND);
        float[][] y = rig.capture(new TxBurst(new float[][] {chirp}, config.carrierFrequencyHz(), settings.txGainDb(),
                config.radio().sampleRateHz(), -1), samples, "start check (injected)");
        InjectedFit.Result fresh = InjectedFit.fit(y, maxLag);
        double[] ref = signature != null ? signature.w() : inForce.responseW();
        return JumpResolver.resolve(ChainWeights.ratio(fresh.weights().w(), ref), fresh.weights().phaseStdRad(),
                settings.toleranceRad(), true);
    }

    private JumpResolver.Resolution blind(CalibrationRig rig, CalibrationTable inForce) {
        CpiStack stack = rig.stack(settings.cpis(), "start check (blind)");
        int n = stack.channels();
        double[] total = new double[2 * n];
        for (int i = 0; i < n; i++) {
            total[2 * i] = 1;
        }
        JumpResolver.Resolution res = null;
        for (int round = 0; round < BLIND_ROUNDS; round++) {
            double[] w = ChainWeights.of(inForce.responseW()).times(total).w();
            TargetEstimate target;
            try {
                target = BlindFit.target(stack, w, setup);
            } catch (CalibrationException e) {
                throw new CalibrationException("stale calibration? the blind start check found no consistent target "
                        + "with " + inForce.source() + " applied (" + e.getMessage() + "); with most channels moved "
                        + "the array no longer focuses: check with an injected reference, or re-calibrate");
            }
            ElementResiduals r = new ElementResiduals(config.rxArray(), config.wavelengthM(), stack.symbols(),
                    config.symbolPeriodS());
            double[] ratio = residualAgainst(stack, w, target, r);
            double[] std = new double[n];
            for (int e = 0; e < n; e++) {   // σ of the phase of e_n = g_n/α: σ_n/(√(2KM) |α| |w_n|)
                std[e] = Math.sqrt(stack.noiseVariance(e) / (2.0 * stack.count() * stack.symbols()))
                        / (r.lastAmplitude() * Math.hypot(w[2 * e], w[2 * e + 1]));
            }
            res = JumpResolver.resolve(ratio, std, settings.toleranceRad(), false);
            if (!res.anyJump()) {
                break;
            }
            total = ChainWeights.of(total).times(res.correction()).w();
        }
        int[] k = new int[n];
        double[] corr = total;
        boolean moved = false;
        List<String> jumps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            k[i] = Math.floorMod((int) Math.round(Math.atan2(total[2 * i + 1], total[2 * i]) / (Math.PI / 2)), 4);
            if (k[i] != 0) {
                moved = true;
                jumps.add(String.format(Locale.ROOT, "channel %d: %+d deg", i, k[i] == 3 ? -90 : 90 * k[i]));
            }
        }
        return new JumpResolver.Resolution(res.resolved(), k, res.remainderDeg(), corr, moved ? jumps : List.of(),
                res.unexplained());
    }

    /** Per-element ratio of the stacked data (corrected by {@code w}) to the target's model, common gain removed. */
    private static double[] residualAgainst(CpiStack stack, double[] w, TargetEstimate t, ElementResiduals r) {
        double[] z = new double[2 * stack.channels() * stack.symbols()];
        BlindFit.divide(stack.mean(), w, stack.channels(), stack.symbols(), z);
        r.add(z, t.xM(), t.yM(), t.vxMps(), t.vyMps());
        return r.mean();
    }
}
