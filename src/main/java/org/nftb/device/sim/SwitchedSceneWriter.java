package org.nftb.device.sim;

import org.nftb.config.Backend;
import org.nftb.config.ConfigException;
import org.nftb.config.RadioConfig;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.config.SwitchedArrayConfig;
import org.nftb.device.RxBuffer;
import org.nftb.device.StreamStart;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes what a switched array's single RF chain would receive from the configuration's scene, as an sc16 IQ file
 * (interleaved little-endian int16 I/Q, full scale ±32767): the sample source of UHD's device simulator, so that a
 * scene can travel through libuhd and come back through {@link org.nftb.device.SwitchedArray}.
 *
 * <p>The scene is synthesized by {@link SimulatedArray} (same model, same seed, not real-time), one channel per
 * element, then laid out in switch order: for every cycle, for every visit {@code j}, {@code settlingSamples} of
 * switch transient (the constant {@link #TRANSIENT}, which ruins the estimate if it is not discarded) followed by
 * the next {@code dwellSamples} of element {@code order[j]}. Elements are sampled at the same instant within a
 * cycle (the switch is assumed fast against the Doppler: a cycle lasts one symbol or less).
 *
 * <p>Samples are multiplied by {@code scale} before quantisation; libuhd hands them back as
 * {@code float(round(x·scale·32767)) / 32767}. The estimators are scale-invariant.
 */
public final class SwitchedSceneWriter {
    /** Switch transient written in every settling sample (re, im), in full-scale units. */
    public static final float[] TRANSIENT = {0.9f, -0.9f};

    private SwitchedSceneWriter() {
    }

    /** Result of a write. */
    public record Written(long rawSamples, long cycles, double scale, int clipped) {
    }

    /**
     * Writes {@code cpis} CPIs of the scene to {@code out}.
     *
     * @param scale multiplier before quantisation, or NaN to choose {@code 0.5 / max |re|,|im|} (half full scale)
     */
    public static Written write(RunConfig config, int cpis, double scale, Path out) throws IOException {
        RadioConfig radio = config.radio();
        SwitchedArrayConfig sw = radio.switched();
        if (sw == null) {
            throw new ConfigException(config.source(), "radio.switched", "synth-iq writes a switched array's single "
                    + "RF chain; this configuration has no radio.switched");
        }
        if (config.scene() == null) {
            throw new ConfigException(config.source(), "scene", "missing: synth-iq needs the scene to synthesize");
        }
        int n = config.rxArray().count();
        int perCpi = config.samplesPerCpi();
        long total = (long) perCpi * cpis;
        long cycles = total / sw.dwellSamples();
        if (total > Integer.MAX_VALUE / 2 / n) {
            throw new IllegalArgumentException("--cpis " + cpis + " is too many to hold in memory");
        }
        SceneConfig s = config.scene();
        RunConfig simConfig = config.withRadio(new RadioConfig(Backend.SIM, radio.sampleRateHz(), n, radio.txLimits()))
                .withScene(s.withRealTime(false));
        float[][] element = new float[n][(int) (2 * total)];
        try (SimulatedArray sim = new SimulatedArray(simConfig)) {
            sim.startStreaming(StreamStart.NOW);
            RxBuffer buf = new RxBuffer(n, perCpi);
            long got = 0;
            while (got < total) {
                sim.receive(buf, 1_000_000_000L);
                int take = (int) Math.min(buf.samples(), total - got);
                for (int c = 0; c < n; c++) {
                    System.arraycopy(buf.channel(c), 0, element[c], (int) (2 * got), 2 * take);
                }
                got += take;
            }
        }
        if (Double.isNaN(scale)) {
            double peak = 0;
            for (float[] ch : element) {
                for (float v : ch) {
                    peak = Math.max(peak, Math.abs(v));
                }
            }
            scale = peak > 0 ? 0.5 / peak : 1.0;
        }
        int dwell = sw.dwellSamples();
        int[] order = sw.order();
        int clipped = 0;
        long raw = 0;
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            byte[] transient_ = new byte[4];
            putSc16(transient_, 0, TRANSIENT[0]);
            putSc16(transient_, 2, TRANSIENT[1]);
            byte[] sample = new byte[4];
            for (long c = 0; c < cycles; c++) {
                for (int e : order) {
                    for (int k = 0; k < sw.settlingSamples(); k++) {
                        os.write(transient_);
                        raw++;
                    }
                    for (int k = 0; k < dwell; k++) {
                        int i = (int) (2 * (c * dwell + k));
                        clipped += putSc16(sample, 0, element[e][i] * scale);
                        clipped += putSc16(sample, 2, element[e][i + 1] * scale);
                        os.write(sample);
                        raw++;
                    }
                }
            }
        }
        return new Written(raw, cycles, scale, clipped);
    }

    /** Writes round(x·32767) as little-endian int16; returns 1 when it had to clip. */
    private static int putSc16(byte[] dst, int at, double x) {
        long q = Math.round(x * 32767.0);
        int clip = 0;
        if (q > 32767) {
            q = 32767;
            clip = 1;
        } else if (q < -32768) {
            q = -32768;
            clip = 1;
        }
        dst[at] = (byte) q;
        dst[at + 1] = (byte) (q >> 8);
        return clip;
    }
}
