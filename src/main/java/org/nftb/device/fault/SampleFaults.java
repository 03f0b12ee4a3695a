package org.nftb.device.fault;

import org.nftb.config.FaultPlan;
import org.nftb.config.FaultsReader;
import org.nftb.device.RxBuffer;
import org.nftb.device.sim.CounterNoise;
import org.nftb.model.ElementArray;

/**
 * The faults of a plan that change samples (not the stream's timing): phase jumps, gain steps, dead channels,
 * clipping, NaN/Inf bursts, interfering tones, and through {@link DelayLine}s slips and slow sample clocks. Each is
 * applied to the samples of a buffer whose stream index lies in its window {@code [startSample, endSample)}, on its
 * channels, in the plan's order. Every value is a function of (plan, input, channel, stream index): the same plan on
 * the same input gives the same samples bit for bit. Allocation-free after construction; not thread-safe.
 */
final class SampleFaults {
    private final Applied[] faults;

    /**
     * @param plan         the plan (gaps are skipped: {@link FaultInjectingDevice} cuts them)
     * @param channels     receive channels
     * @param sampleRateHz sample rate (seconds → stream indices)
     * @param rx           the receive array (a tone's direction → per-element phase)
     * @param wavelengthM  carrier wavelength
     */
    SampleFaults(FaultPlan plan, int channels, double sampleRateHz, ElementArray rx, double wavelengthM) {
        int n = 0;
        for (FaultPlan.Fault f : plan.faults()) {
            n += f.kind().isGap() ? 0 : 1;
        }
        faults = new Applied[n];
        int k = 0;
        for (int i = 0; i < plan.faults().size(); i++) {
            FaultPlan.Fault f = plan.faults().get(i);
            if (!f.kind().isGap()) {
                faults[k++] = new Applied(f, plan.seed() ^ (0x9E3779B97F4A7C15L * (i + 1)), channels, sampleRateHz,
                        rx, wavelengthM);
            }
        }
    }

    /** Applies every fault to the valid samples of {@code b}. */
    void apply(RxBuffer b) {
        int n = b.samples();
        if (n == 0) {
            return;
        }
        long first = b.firstSampleIndex();
        for (Applied f : faults) {
            f.apply(b, first, n);
        }
    }

    /** One fault, compiled: its window in samples, its channels, its constants. */
    private static final class Applied implements DelayLine.Delay {
        private final FaultPlan.Kind kind;
        private final long start;
        private final long end;
        private final boolean[] on;
        private final float cos;
        private final float sin;
        private final float scale;
        private final boolean noise;
        private final float value;
        private final double omega;
        private final double[] toneRe;
        private final double[] toneIm;
        private final double ppm;
        private final double slip;
        private final DelayLine[] lines;
        private final CounterNoise rng;
        private double[] rotation = new double[0];

        Applied(FaultPlan.Fault f, long seed, int channels, double fs, ElementArray rx, double wavelengthM) {
            kind = f.kind();
            start = f.startSample(fs);
            end = f.endSample(fs);
            on = new boolean[channels];
            for (int c = 0; c < channels; c++) {
                on[c] = f.affects(c);
            }
            cos = (float) Math.cos(f.size());
            sin = (float) Math.sin(f.size());
            scale = switch (kind) {
                case GAIN -> (float) Math.pow(10, f.size() / 20);
                case DEAD -> (float) Math.sqrt(Math.pow(10, f.size() / 10));
                case TONE -> (float) Math.sqrt(Math.pow(10, f.size() / 10));
                case CLIP -> (float) f.size();
                default -> 1f;
            };
            noise = "noise".equals(f.mode());
            value = "inf".equals(f.mode()) ? Float.POSITIVE_INFINITY : Float.NaN;
            omega = 2 * Math.PI * f.frequencyHz() / fs;
            toneRe = new double[channels];
            toneIm = new double[channels];
            rng = new CounterNoise(seed);
            if (kind == FaultPlan.Kind.TONE) {
                // a plane wave from angleRad (seed 001 geometry: sin θ towards +x), a phase drawn from the seed
                rng.gaussian(0, 0, 1);
                double phase0 = Math.atan2(rng.im(), rng.re());
                double k = 2 * Math.PI / wavelengthM;
                for (int c = 0; c < channels && c < rx.count(); c++) {
                    double p = phase0 + k * ((rx.xM(c) - rx.referenceXM()) * Math.sin(f.angleRad())
                            + (rx.yM(c) - rx.referenceYM()) * Math.cos(f.angleRad()));
                    toneRe[c] = scale * Math.cos(p);
                    toneIm[c] = scale * Math.sin(p);
                }
            }
            ppm = kind == FaultPlan.Kind.CLOCK ? f.size() * 1e-6 : 0;
            slip = kind == FaultPlan.Kind.SLIP ? f.size() : 0;
            boolean delays = kind == FaultPlan.Kind.CLOCK || kind == FaultPlan.Kind.SLIP;
            lines = new DelayLine[delays ? channels : 0];
            for (int c = 0; c < lines.length; c++) {
                lines[c] = on[c] ? new DelayLine(FaultsReader.MAX_DELAY_SAMPLES + 2) : null;
            }
        }

        @Override
        public double samplesAt(long index) {
            if (index < start) {
                return 0;
            }
            if (slip > 0) {
                return index < end ? slip : 0;
            }
            return ppm * (Math.min(index, end) - start);
        }

        void apply(RxBuffer b, long first, int n) {
            if (lines.length > 0) {
                // delay lines keep history on every buffer; they change samples only where the delay is positive
                for (int c = 0; c < lines.length; c++) {
                    if (lines[c] != null) {
                        lines[c].process(b.channel(c), n, first, this);
                    }
                }
                return;
            }
            long lo = Math.max(first, start);
            long hi = Math.min(first + n, end);
            if (lo >= hi) {
                return;
            }
            int i0 = (int) (lo - first);
            int i1 = (int) (hi - first);
            if (kind == FaultPlan.Kind.TONE) {
                tone(b, first, i0, i1);
                return;
            }
            for (int c = 0; c < on.length; c++) {
                if (on[c]) {
                    channel(b.channel(c), c, first, i0, i1);
                }
            }
        }

        /**
         * Adds the tone: its phase at each sample from the stream index (no accumulated rounding), computed once per
         * sample into a scratch array (grown to the largest buffer seen, then reused), then added channel by channel.
         */
        private void tone(RxBuffer b, long first, int i0, int i1) {
            if (rotation.length < 2 * b.capacity()) {
                rotation = new double[2 * b.capacity()];
            }
            for (int i = i0; i < i1; i++) {
                double a = omega * (first + i - start);
                rotation[2 * i] = Math.cos(a);
                rotation[2 * i + 1] = Math.sin(a);
            }
            for (int c = 0; c < on.length; c++) {
                if (on[c]) {
                    float[] x = b.channel(c);
                    double tr = toneRe[c];
                    double ti = toneIm[c];
                    for (int i = i0; i < i1; i++) {
                        double cr = rotation[2 * i];
                        double ci = rotation[2 * i + 1];
                        x[2 * i] += (float) (tr * cr - ti * ci);
                        x[2 * i + 1] += (float) (tr * ci + ti * cr);
                    }
                }
            }
        }

        private void channel(float[] x, int c, long first, int i0, int i1) {
            switch (kind) {
                case PHASE -> {
                    for (int i = i0; i < i1; i++) {
                        float re = x[2 * i];
                        float im = x[2 * i + 1];
                        x[2 * i] = re * cos - im * sin;
                        x[2 * i + 1] = re * sin + im * cos;
                    }
                }
                case GAIN -> {
                    for (int i = 2 * i0; i < 2 * i1; i++) {
                        x[i] *= scale;
                    }
                }
                case DEAD -> {
                    for (int i = i0; i < i1; i++) {
                        if (noise) {
                            rng.gaussian(c, first + i, 0);
                            x[2 * i] = (float) (scale * rng.re());
                            x[2 * i + 1] = (float) (scale * rng.im());
                        } else {
                            x[2 * i] = 0;
                            x[2 * i + 1] = 0;
                        }
                    }
                }
                case CLIP -> {
                    for (int i = 2 * i0; i < 2 * i1; i++) {
                        x[i] = Math.max(-scale, Math.min(scale, x[i]));
                    }
                }
                case NAN -> {
                    for (int i = 2 * i0; i < 2 * i1; i++) {
                        x[i] = value;
                    }
                }
                default -> throw new IllegalStateException(kind.name());
            }
        }
    }
}
