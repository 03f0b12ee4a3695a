package org.nftb.pipeline;

import org.junit.jupiter.api.Test;
import org.nftb.config.RunConfig;
import org.nftb.device.RxBuffer;
import org.nftb.device.StreamStart;
import org.nftb.device.TxBurst;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.estimator.Estimators;
import org.nftb.estimator.TransmitPlan;
import org.nftb.testing.ForwardingDevice;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.run.Configs;

/**
 * The per-CPI timed bursts of {@link Illumination}, on the simulated array of hw-config/seed003-sim.yaml (its
 * transmit plan, its clock): every CPI is illuminated exactly once, in order, by a burst stamped with the device time
 * of the CPI's first sample, sent at least the lead before the stream reaches it — with receive buffers of a whole
 * CPI and of odd sizes (the pipeline's receive buffers hold at most one CPI).
 */
class IlluminationTest {
    private static final long LEAD_NANOS = 20_000_000L;

    /** The simulated array, recording each burst with the stream position at the moment it was sent. */
    private static final class Watched extends ForwardingDevice {
        final List<TxBurst> bursts = new ArrayList<>();
        final List<Long> positionAtSend = new ArrayList<>();
        long position;

        Watched(SimulatedArray sim) {
            super(sim);
        }

        @Override
        public void transmit(TxBurst b, long timeoutNanos) {
            super.transmit(b, timeoutNanos);
            bursts.add(b);
            positionAtSend.add(position);
        }
    }

    @Test
    void everyCpiGetsOneBurstOnItsFirstSampleSentAtLeastTheLeadAhead() {
        for (int bufferSamples : new int[] {0, 97, 200}) {
            RunConfig cfg = Configs.load(Path.of("hw-config/seed003-sim.yaml"));
            TransmitPlan plan = Estimators.of(cfg.estimator()).setup(cfg).transmitPlan();
            int perCpi = cfg.samplesPerCpi();
            int buffer = bufferSamples == 0 ? perCpi : bufferSamples;
            double rate = cfg.radio().sampleRateHz();
            try (SimulatedArray sim = new SimulatedArray(cfg)) {
                Watched dev = new Watched(sim);
                dev.position = -(long) Math.ceil(LEAD_NANOS * 1e-9 * rate);   // the stream starts a lead from now
                long t0 = dev.deviceTimeNanos() + LEAD_NANOS;
                Illumination light = new Illumination(dev, plan, cfg.carrierFrequencyHz(), rate, perCpi, t0,
                        LEAD_NANOS, 1_000_000_000L);
                dev.startStreaming(StreamStart.at(t0));
                assertEquals(0, light.begin(0), "right after the timed start CPI 0 is the first illuminated");
                RxBuffer rx = new RxBuffer(dev.channelCount(), buffer);
                List<Long> cpiStartTimes = new ArrayList<>();
                long next = 0;
                while (next < 12L * perCpi) {
                    light.sendDue(next);
                    dev.receive(rx, 1_000_000_000L);
                    for (long k = (next + perCpi - 1) / perCpi; k * perCpi < next + rx.samples(); k++) {
                        // the device's own stamp of each CPI's first sample
                        cpiStartTimes.add(rx.timeNanos() + (long) ((k * perCpi - next) * 1e9 / rate));
                    }
                    next = rx.firstSampleIndex() + rx.samples();
                    dev.position = next;
                }
                String where = "receive buffers of " + buffer + " samples";
                assertTrue(dev.bursts.size() >= 12, where);
                for (int k = 0; k < 12; k++) {
                    TxBurst b = dev.bursts.get(k);
                    assertSame(plan.cpiWaveform(), b.samples(), where);
                    assertEquals(light.startNanos(k), b.timeNanos(), where + ": burst " + k);
                    assertTrue(Math.abs(cpiStartTimes.get(k) - b.timeNanos()) <= 1, where + ": burst " + k
                            + " at " + b.timeNanos() + " ns, CPI " + k + " starts at " + cpiStartTimes.get(k) + " ns");
                    assertTrue((long) k * perCpi - dev.positionAtSend.get(k) >= light.leadSamples(),
                            where + ": burst " + k + " sent at stream sample " + dev.positionAtSend.get(k));
                }
                assertEquals(dev.bursts.size(), light.sent());
            }
        }
    }

    @Test
    void afterAStartCheckHasReceivedTheFirstCpiIsTheFirstBoundaryALeadAheadOfThePosition() {
        RunConfig cfg = Configs.load(Path.of("hw-config/seed003-sim.yaml"));
        TransmitPlan plan = Estimators.of(cfg.estimator()).setup(cfg).transmitPlan();
        int perCpi = cfg.samplesPerCpi();
        try (SimulatedArray sim = new SimulatedArray(cfg)) {
            Illumination light = new Illumination(sim, plan, cfg.carrierFrequencyHz(), cfg.radio().sampleRateHz(),
                    perCpi, 0, LEAD_NANOS, 1_000_000_000L);
            long position = 3L * perCpi + 5;
            long first = light.begin(position + light.leadSamples());
            assertEquals(0, first % perCpi);
            assertTrue(first - position >= light.leadSamples());
            assertTrue(first - perCpi - position < light.leadSamples(), "not a CPI later than needed");
        }
    }
}
