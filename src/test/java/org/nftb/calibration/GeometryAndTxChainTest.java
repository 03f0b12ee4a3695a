package org.nftb.calibration;

import org.junit.jupiter.api.Test;
import org.nftb.bench.ImpairedDevice;
import org.nftb.config.RunConfig;
import org.nftb.device.TxBurst;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.model.ArrayErrors;
import org.nftb.model.ElementArray;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

class GeometryAndTxChainTest {
    static final double LAMBDA = 299_792_458.0 / 28e9;

    @Test
    void elementsMisplacedByUpToAThirdOfAWavelengthAreFoundFromFivePilots() {
        int n = 16;
        ElementArray nominal = ElementArray.ula(n, LAMBDA / 2, 0, 0, 0);
        SplittableRandom rng = new SplittableRandom(3);
        double[] truth = new double[2 * n];
        double[] tx = new double[n];
        double[] ty = new double[n];
        for (int e = 0; e < n; e++) {
            truth[2 * e] = tx[e] = nominal.xM(e) + (rng.nextDouble() - 0.5) * 0.6 * LAMBDA;
            truth[2 * e + 1] = ty[e] = nominal.yM(e) + (rng.nextDouble() - 0.5) * 0.6 * LAMBDA;
        }
        CalScenes s = new CalScenes();
        s.source(0, 0.3, 0);
        ElementArray misplaced = new ElementArray(tx, ty, 0, 0);
        RunConfig truthCfg = s.config().withArrays(misplaced, misplaced, true);   // what the simulated array has
        // wide angles: the y error is seen only through how much the pilots' directions differ in y (W takes the rest)
        double[] pilots = {-0.3, 0.1, -0.15, 0.3, 0.0, 0.15, 0.15, 0.3, 0.3, 0.1};
        List<CpiStack> stacks = new ArrayList<>();
        for (int p = 0; p < pilots.length / 2; p++) {
            stacks.add(PilotFitTest.measure(truthCfg, pilots[2 * p], pilots[2 * p + 1], 80));
        }
        GeometryFit.Result r = GeometryFit.fit(nominal, LAMBDA, stacks, pilots, 0.5 * LAMBDA);
        // the shape: the truth moved rigidly onto the estimate's frame (the nominal array's), then compared
        double[] shape = GeometryFit.alignTo(new ElementArray(evenX(r.positionsM()), oddY(r.positionsM()), 0, 0), truth);
        double worstBefore = 0;
        double sum = 0;
        for (int e = 0; e < n; e++) {
            worstBefore = Math.max(worstBefore, Math.hypot(truth[2 * e] - nominal.xM(e), truth[2 * e + 1] - nominal.yM(e)));
            double d = Math.hypot(r.positionsM()[2 * e] - shape[2 * e], r.positionsM()[2 * e + 1] - shape[2 * e + 1]);
            sum += d * d;
        }
        double rms = Math.sqrt(sum / n);
        WeightsComparison c = WeightsComparison.of(r.weights().w(), CalScenes.trueW(truthCfg));
        System.out.printf("geometry: worst nominal error %.3f lambda, rms shape error after %.4f lambda; "
                + "W amplitude %.4f dB (stated %.4f)%n", worstBefore / LAMBDA, rms / LAMBDA, c.rmsAmplitudeDb(),
                r.weights().rmsAmplitudeStdDb());
        assertTrue(rms < LAMBDA / 100, "rms shape error " + rms / LAMBDA + " lambda");
        // W's phases carry the ramp of the real array's rigid offset (see GeometryFit, "Frame"); its amplitudes not
        assertTrue(c.rmsAmplitudeDb() < 3 * r.weights().rmsAmplitudeStdDb(), "" + c.rmsAmplitudeDb());
    }

    static double[] evenX(double[] p) {
        double[] x = new double[p.length / 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = p[2 * i];
        }
        return x;
    }

    static double[] oddY(double[] p) {
        double[] y = new double[p.length / 2];
        for (int i = 0; i < y.length; i++) {
            y[i] = p[2 * i + 1];
        }
        return y;
    }

    @Test
    void orthogonalCodesMakeEveryTransmitChainObservableThroughTheReflectPath() {
        CalScenes s = new CalScenes();
        s.channels = 16;
        s.tx = "{ula: {count: 4, spacingWavelengths: 0.5, origin: [0.05 m, 0 m], orientation: 0 deg}}";
        s.source(0.02, 0.4, 0);
        s.scene("transmitPath: reflect");
        RunConfig cfg = s.config();
        double[] v = ArrayErrors.draw(4, Math.toRadians(30), 3, 99);
        int periods = 64;
        float[][] y;
        try (CalibrationRig rig = new CalibrationRig(cfg, new ImpairedDevice(new SimulatedArray(cfg), v, -1, 0, 0),
                (cur, x, yy, i, t) -> cur, Progress.NONE)) {
            float[][] codes = TxChainFit.codes(4, periods);
            y = rig.capture(new TxBurst(codes, 28e9, 0, 5000, -1), periods * TxChainFit.period(4), "tx");
        }
        TxChainFit.Result r = TxChainFit.fit(y, cfg.rxArray(), cfg.txArray(), cfg.wavelengthM(), 0.02, 0.4);
        WeightsComparison crx = WeightsComparison.of(r.rx().w(), CalScenes.trueW(cfg));
        WeightsComparison ctx = WeightsComparison.of(r.tx().w(), v);
        System.out.printf("tx chains: rx W %.3f deg / %.4f dB (stated %.3f), tx V %.3f deg / %.4f dB (stated %.3f), "
                + "entry SNR %.1f dB%n", crx.rmsPhaseDeg(), crx.rmsAmplitudeDb(), r.rx().rmsPhaseStdDeg(),
                ctx.rmsPhaseDeg(), ctx.rmsAmplitudeDb(), r.tx().rmsPhaseStdDeg(), r.snrDb());
        assertTrue(ctx.rmsPhaseDeg() < 3 * r.tx().rmsPhaseStdDeg() && r.tx().rmsPhaseStdDeg() < 1, "tx");
        assertTrue(crx.rmsPhaseDeg() < 3 * r.rx().rmsPhaseStdDeg() && r.rx().rmsPhaseStdDeg() < 2, "rx");
        assertTrue(ctx.rmsAmplitudeDb() < 3 * r.tx().rmsAmplitudeStdDb(), "tx amplitude");
    }
}
