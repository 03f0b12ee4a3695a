package org.nftb.device.sim;

import org.junit.jupiter.api.Test;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.device.RxBuffer;
import org.nftb.device.StreamStart;
import org.nftb.model.ArrayErrors;
import org.nftb.model.CpiTiming;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.SpaceTimeSignal;
import org.nftb.model.TargetState;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ground truth: {@code truthAt(t)} gives every target's state at stream time t, and at the centre of CPI q it is
 * exactly the state the samples of CPI q encode. The samples are checked against an independent rebuild from the
 * model ({@link SpaceTimeSignal} of the true states for frozen scenes; for linear ones each symbol's element ranges
 * on the straight line through the true state, written out here; times W) at 150 dB per-sample SNR, where noise and float
 * rounding leave a relative error of about 1e-7; the tolerance is 1e-5 of the echo amplitude.
 */
class SimulatedTruthTest {

    static SimScenes movingTargets() {
        SimScenes s = new SimScenes();
        s.motion = "linear";
        s.samplesPerSymbol = 2;
        s.target(3, 15, 10, 8, 150).target(4, -25, -6, 3, 144);
        return s;
    }

    @Test
    void truthAtTheCentreOfEachCpiIsTheStateItsSamplesEncode() {
        SimScenes s = movingTargets();
        RunConfig c = s.config();
        int cpis = 4;
        try (SimulatedArray sim = new SimulatedArray(c)) {
            float[][] y = SimScenes.startAndRead(sim, 13, cpis * s.samplesPerCpi());
            for (int q = 0; q < cpis; q++) {
                List<TargetState> truth = sim.truthAt(sim.cpiCentreNanos(q));
                assertEquals(2, truth.size());
                double err = maxRelativeError(c, y, q, truth);
                assertTrue(err < 1e-5, "CPI " + q + ": relative error " + err);
                // not vacuous: the states at the CPI's first symbol (0.7 ms earlier: 7 mm, 0.65 λ at 10 m/s) do not fit
                List<TargetState> early = sim.truthAt(sim.cpiCentreNanos(q) - 700_000);
                assertTrue(maxRelativeError(c, y, q, early) > 0.1, "CPI " + q + " also fits the early states");
            }
        }
    }

    @Test
    void theCpiCentreIsItsFirstSampleTimePlusTheCentreOffset() {
        SimScenes s = movingTargets();
        RunConfig c = s.config();
        try (SimulatedArray sim = new SimulatedArray(c)) {
            sim.startStreaming(StreamStart.NOW);
            RxBuffer buf = new RxBuffer(s.channels, s.samplesPerCpi());
            for (int q = 0; q < 3; q++) {
                sim.receive(buf, 1_000_000_000L);
                // what the pipeline computes for CPI q's state time
                long stateTime = buf.timeNanos() + CpiTiming.centreOffsetNanos(c.cpiSymbols(), c.symbolPeriodS());
                assertEquals(stateTime, sim.cpiCentreNanos(q));
            }
        }
    }

    @Test
    void linearMotionAdvancesTheInitialStateAndFrozenHoldsIt() {
        RunConfig linear = movingTargets().config();
        RunConfig frozen = new SimScenes().target(3, 15, 10, 8, 150).target(4, -25, -6, 3, 144).config();
        long t = 123_456_789L;
        try (SimulatedArray a = new SimulatedArray(linear); SimulatedArray b = new SimulatedArray(frozen)) {
            for (int i = 0; i < 2; i++) {
                TargetState initial = linear.scene().targets().get(i).initial();
                assertEquals(initial.advancedBy(0.123456789), a.truthAt(t).get(i));
                assertEquals(initial, b.truthAt(t).get(i));
                assertEquals(initial, a.truthAt(0).get(i));
            }
        }
    }

    /** Largest |y − ŷ| / |ŷ| over CPI q for ŷ rebuilt from {@code states}. */
    static double maxRelativeError(RunConfig c, float[][] y, int q, List<TargetState> states) {
        int n = c.rxArray().count();
        int m = c.cpiSymbols();
        int sps = c.samplesPerSymbol();
        ElementRangeModel model = new ElementRangeModel(c.rxArray(), c.wavelengthM());
        double[] expected = new double[2 * n * m];
        double[] path = new double[n];
        double[] rate = new double[n];
        double wavenumber = 2 * Math.PI / c.wavelengthM();
        for (int t = 0; t < states.size(); t++) {
            TargetState st = states.get(t);
            double a = Math.sqrt(Math.pow(10, c.scene().targets().get(t).perSampleSnrDb() / 10));
            if (c.scene().motion() == SceneConfig.Motion.FROZEN) {
                model.paths(st, path, rate);
                SpaceTimeSignal.accumulate(path, rate, n, m, c.wavelengthM(), c.symbolPeriodS(), a, 0, expected);
                continue;
            }
            for (int sym = 0; sym < m; sym++) {   // linear: on the straight line at each symbol's time
                double tm = org.nftb.model.CpiTiming.symbolTimeS(sym, m, c.symbolPeriodS());
                for (int ch = 0; ch < n; ch++) {
                    double ph = -wavenumber * Math.hypot(st.xM() + st.vxMps() * tm - c.rxArray().xM(ch),
                            st.yM() + st.vyMps() * tm - c.rxArray().yM(ch));
                    expected[2 * (ch * m + sym)] += a * Math.cos(ph);
                    expected[2 * (ch * m + sym) + 1] += a * Math.sin(ph);
                }
            }
        }
        SceneConfig.CalibrationErrors e = c.scene().calibrationErrors();
        double[] w = ArrayErrors.draw(n, e.phaseMaxRad(), e.amplitudeMaxDb(), e.seed());
        double worst = 0;
        for (int ch = 0; ch < n; ch++) {
            for (int sym = 0; sym < m; sym++) {
                double er = expected[2 * (ch * m + sym)];
                double ei = expected[2 * (ch * m + sym) + 1];
                double re = w[2 * ch] * er - w[2 * ch + 1] * ei;
                double im = w[2 * ch] * ei + w[2 * ch + 1] * er;
                for (int sub = 0; sub < sps; sub++) {
                    int k = q * m * sps + sym * sps + sub;
                    double d = Math.hypot(y[ch][2 * k] - re, y[ch][2 * k + 1] - im);
                    worst = Math.max(worst, d / Math.hypot(re, im));
                }
            }
        }
        return worst;
    }
}
