package org.nftb.device.sim;

import org.nftb.config.RunConfig;
import org.nftb.device.RxBuffer;
import org.nftb.device.StreamStart;
import org.nftb.device.TxBurst;
import org.nftb.frontend.MimoMatchedFilter;
import org.nftb.frontend.Snapshot;
import org.nftb.model.BistaticModel;
import org.nftb.model.CpiTiming;
import org.nftb.model.MimoWaveform;
import org.nftb.model.TargetState;
import org.nftb.stream.CpiFrame;
import org.nftb.stream.CpiLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.run.Configs;

/**
 * The simulated array with a separate transmit array (seed 000 Fig. 1) hears the MIMO waveforms it is sent, and the
 * MIMO matched filter separates every transmit element exactly: each output equals seed 000 eq. (2)'s
 * {@code β_ij exp(−j 2π/λ Φ_ij^(l))}, computed independently here from {@link BistaticModel}'s paths.
 */
class MimoSceneTest {
    static final int NT = 4;
    static final int NR = 6;
    static final int PULSES = 8;
    static final double SYMBOL_RATE_HZ = 5e3;
    static final double SNR_DB = 20;

    /** A Fig. 1 scene: transmit elements at (D0/2 + i d, 0), receive elements at (−D0/2 − j d, 0), D0 = 0.2 m. */
    static String yaml(int samplesPerPulse, String motion, String scheme) {
        double lambda = 299_792_458.0 / 28e9;
        double d = lambda / 2;
        double txCentre = 0.1 + (NT - 1) * d / 2;
        double rxCentre = -(0.1 + (NR - 1) * d / 2);
        return String.format(Locale.ROOT, """
                name: mimo sim test
                carrierFrequency: 28 GHz
                symbolRate: 5 kHz
                cpiSymbols: %d
                arrays:
                  rx: {ula: {count: %d, spacingWavelengths: 0.5, origin: [%.12f m, 0 m], orientation: 180 deg}}
                  tx: {ula: {count: %d, spacingWavelengths: 0.5, origin: [%.12f m, 0 m], orientation: 0 deg}}
                radio:
                  backend: sim
                  sampleRate: %.1f Hz
                  channels: %d
                  txLimits: {frequencyRanges: [[27.5 GHz, 28.5 GHz]], maxGain: 30 dB, maxSampleRate: 1 MHz}
                estimator: {type: vmp, waveform: %s, subarraySize: 2}
                scene:
                  seed: 5
                  motion: %s
                  realTime: false
                  transmitPath: reflect
                  targets:
                    - {position: [0.4 m, 1.5 m], velocity: [3 m/s, -2 m/s], snrDb: %s}
                """, PULSES, NR, rxCentre, NT, txCentre, samplesPerPulse * SYMBOL_RATE_HZ, NR, scheme, motion, SNR_DB);
    }

    static float[] receiveCpis(SimulatedArray sim, RunConfig cfg, MimoWaveform w, int cpis, boolean transmit) {
        int perCpi = cfg.samplesPerCpi();
        if (transmit) {
            float[][] burst = w.burst(PULSES);
            for (int q = 0; q < cpis; q++) {
                long t = (long) (q * (long) perCpi * 1e9 / cfg.radio().sampleRateHz());   // SampleClock.timeOf
                sim.transmit(new TxBurst(burst, 28e9, 0, cfg.radio().sampleRateHz(), t), 1_000_000_000L);
            }
        }
        sim.startStreaming(StreamStart.at(0));
        RxBuffer buf = new RxBuffer(NR, perCpi);
        float[] all = new float[2 * NR * perCpi * cpis];
        for (int q = 0; q < cpis; q++) {
            sim.receive(buf, 1_000_000_000L);
            for (int j = 0; j < NR; j++) {
                System.arraycopy(buf.channel(j), 0, all, 2 * ((q * NR + j) * perCpi), 2 * perCpi);
            }
        }
        return all;
    }

    @ParameterizedTest
    @EnumSource(MimoWaveform.Scheme.class)
    void theMatchedFilterReturnsEquationTwoForEveryTransmitElementOnNoiselessData(MimoWaveform.Scheme scheme) {
        int s = scheme == MimoWaveform.Scheme.TDM ? 2 * NT : 5;   // TDM: 2 samples per slot; FDM: S = 5 > N_t
        for (String motion : new String[]{"frozen", "linear"}) {
            RunConfig cfg = Configs.parse("mimo.yaml", yaml(s, motion, scheme.name().toLowerCase(Locale.ROOT)));
            MimoWaveform w = new MimoWaveform(scheme, NT, s);
            int cpis = 2;
            SimulatedArray sim = new SimulatedArray(cfg);
            float[] heard = receiveCpis(sim, cfg, w, cpis, true);
            float[] noise = receiveCpis(new SimulatedArray(cfg), cfg, w, cpis, false);
            CpiLayout layout = new CpiLayout(NR, PULSES, s);
            MimoMatchedFilter mf = new MimoMatchedFilter(layout, w);
            Snapshot out = new Snapshot(mf.outputShape());
            CpiFrame frame = new CpiFrame(layout);
            BistaticModel model = new BistaticModel(cfg.txArray(), cfg.rxArray(), cfg.wavelengthM());
            double[] path = new double[NT * NR];
            double[] rate = new double[NT * NR];
            double a = Math.pow(10, SNR_DB / 20);
            double k = 2 * Math.PI / cfg.wavelengthM();
            double worst = 0;
            for (int q = 0; q < cpis; q++) {
                int n = 2 * NR * cfg.samplesPerCpi();
                for (int i = 0; i < n; i++) {
                    // the stream with the burst minus the same stream without it: the echo alone (same noise)
                    frame.data()[i] = (float) ((double) heard[q * n + i] - noise[q * n + i]);
                }
                mf.process(frame, out);
                long centre = sim.cpiCentreNanos(q);
                TargetState st = cfg.scene().targets().get(0).initial();
                if (motion.equals("linear")) {
                    st = st.advancedBy(centre / 1e9);
                }
                model.paths(st, path, rate);
                double rt = Math.hypot(st.xM() - cfg.txArray().referenceXM(), st.yM() - cfg.txArray().referenceYM());
                double rr = Math.hypot(st.xM() - cfg.rxArray().referenceXM(), st.yM() - cfg.rxArray().referenceYM());
                for (int i = 0; i < NT; i++) {
                    double ri = Math.hypot(st.xM() - cfg.txArray().xM(i), st.yM() - cfg.txArray().yM(i));
                    for (int j = 0; j < NR; j++) {
                        double rj = Math.hypot(st.xM() - cfg.rxArray().xM(j), st.yM() - cfg.rxArray().yM(j));
                        double beta = a * rt * rr / (ri * rj);
                        for (int l = 0; l < PULSES; l++) {
                            double t = CpiTiming.symbolTimeS(l, PULSES, cfg.symbolPeriodS());
                            double ph = -k * (path[i * NR + j] + t * rate[i * NR + j]);
                            if (motion.equals("linear")) {   // on the straight line at pulse l's time (eqs. 1-4)
                                double x = st.xM() + st.vxMps() * t;
                                double y = st.yM() + st.vyMps() * t;
                                ph = -k * (Math.hypot(x - cfg.txArray().xM(i), y - cfg.txArray().yM(i))
                                        + Math.hypot(x - cfg.rxArray().xM(j), y - cfg.rxArray().yM(j)));
                            }
                            int at = out.shape().index(i, j, l);
                            double er = out.data()[at] - beta * Math.cos(ph);
                            double ei = out.data()[at + 1] - beta * Math.sin(ph);
                            worst = Math.max(worst, Math.hypot(er, ei) / beta);
                        }
                    }
                }
            }
            // float samples (2^-24 relative) of a signal 10 dB above unit noise, summed over at most S chips
            assertTrue(worst < 2e-5, scheme + " " + motion + ": worst relative error " + worst);
        }
    }

    @ParameterizedTest
    @EnumSource(MimoWaveform.Scheme.class)
    void aWaveformThatCannotSeparateTheElementsIsRefusedNamingTheFix(MimoWaveform.Scheme scheme) {
        String p = MimoWaveform.problem(scheme, 4, 3);
        assertTrue(p != null && p.contains("transmit elements"), String.valueOf(p));
        assertEquals(null, MimoWaveform.problem(scheme, 4, 8));
    }
}
