package org.nftb.bench;

import org.nftb.calibration.table.CalibrationState;
import org.nftb.config.PipelineConfig;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.dsp.ComplexScale;
import org.nftb.model.ArrayErrors;
import org.nftb.run.UsageException;
import org.nftb.stream.BlockingWaitStrategy;
import org.nftb.stream.CpiAssembler;
import org.nftb.stream.CpiLayout;
import org.nftb.stream.CpiRing;
import org.nftb.stream.StreamCounters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.Locale;
import org.nftb.montecarlo.Stats;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code nftb bench ingest}: complex samples per second through calibration (W⁻¹ per element) and CPI assembly —
 * radio buffers in, calibrated CPI slots out — against a plain {@code System.arraycopy} of the same bytes into the
 * same layout (same CPI rows, same number of CPI-sized destination slots), measured in alternating rounds of one run
 * so that machine noise hits both alike. The reference copies raw samples, so with S > 1 it moves S times the
 * bytes the assembler writes.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Samples/s through calibration + CPI assembly vs a plain copy of the same bytes.")
public final class IngestBench implements Callable<Integer> {
    @Option(names = "--channels", description = "channels (default ${DEFAULT-VALUE})")
    int channels = 256;

    @Option(names = "--symbols", description = "symbols per CPI (default ${DEFAULT-VALUE})")
    int symbols = 32;

    @Option(names = "--chunk", description = "samples per channel per radio buffer (default ${DEFAULT-VALUE})")
    int chunk = 32;

    @Option(names = "--samples-per-symbol", description = "integrate-and-dump factor S (default ${DEFAULT-VALUE})")
    int samplesPerSymbol = 1;

    @Option(names = "--rounds", description = "alternating measurement rounds (default ${DEFAULT-VALUE})")
    int rounds = 9;

    @Option(names = "--round-ms", description = "duration of one round, ms (default ${DEFAULT-VALUE})")
    int roundMs = 400;

    private long checksum;

    @Override
    public Integer call() {
        if (channels < 1 || symbols < 1 || chunk < 1 || samplesPerSymbol < 1 || rounds < 1 || roundMs < 10) {
            throw new UsageException("all options must be positive (round-ms >= 10)");
        }
        RxBuffer buffer = new RxBuffer(channels, chunk);
        SplittableRandom rng = new SplittableRandom(1);
        for (int c = 0; c < channels; c++) {
            float[] ch = buffer.channel(c);
            for (int i = 0; i < ch.length; i++) {
                ch[i] = (float) rng.nextGaussian();
            }
        }
        double[] w = ArrayErrors.draw(channels, Math.PI / 36, 1, 7);
        CalibrationTable table = new CalibrationTable("bench", 28e9, Instant.EPOCH, "bench", w, "bench");
        // enough slots for every CPI one buffer completes (the consumer drains after each buffer)
        int cpisPerBuffer = Math.max(1, chunk / (symbols * samplesPerSymbol) + 1);
        int slots = Math.max(8, Integer.highestOneBit(2 * cpisPerBuffer - 1) << 1);
        CpiLayout layout = new CpiLayout(channels, symbols, samplesPerSymbol);
        CpiRing ring = new CpiRing(slots, layout, new BlockingWaitStrategy());
        StreamCounters counters = new StreamCounters();
        CpiAssembler assembler = new CpiAssembler(ring, new CalibrationState(table), layout, 1e6,
                PipelineConfig.RingMode.LIVE, counters, () -> false);
        float[][] copySlots = new float[slots][2 * channels * symbols * samplesPerSymbol];

        double[] assembleRate = new double[rounds];
        double[] copyRate = new double[rounds];
        double[] ratio = new double[rounds];
        long[] index = {0};
        // warm-up both paths
        assemble(buffer, assembler, ring, index, 200_000_000L);
        copy(buffer, copySlots, 200_000_000L);
        for (int r = 0; r < rounds; r++) {
            assembleRate[r] = assemble(buffer, assembler, ring, index, roundMs * 1_000_000L);
            copyRate[r] = copy(buffer, copySlots, roundMs * 1_000_000L);
            ratio[r] = assembleRate[r] / copyRate[r];
        }
        System.out.printf(Locale.ROOT, "ingest: %d channels, chunks of %d samples, CPI %d symbols x S=%d, %d rounds of %d ms, "
                + "calibration kernel %s%n", channels, chunk, symbols, samplesPerSymbol, rounds, roundMs,
                ComplexScale.SIMD ? "SIMD (jdk.incubator.vector)" : "scalar");
        System.out.printf(Locale.ROOT, "calibrate+assemble: median %.3f GS/s (min %.3f, max %.3f)%n",
                Stats.median(assembleRate) / 1e9, Stats.quantile(assembleRate, 0) / 1e9, Stats.quantile(assembleRate, 1) / 1e9);
        System.out.printf(Locale.ROOT, "plain copy        : median %.3f GS/s (min %.3f, max %.3f)%n",
                Stats.median(copyRate) / 1e9, Stats.quantile(copyRate, 0) / 1e9, Stats.quantile(copyRate, 1) / 1e9);
        System.out.printf(Locale.ROOT, "ratio (same round): median %.1f %% (min %.1f %%, max %.1f %%); bar >= 50 %%%n",
                100 * Stats.median(ratio), 100 * Stats.quantile(ratio, 0), 100 * Stats.quantile(ratio, 1));
        System.out.printf(Locale.ROOT, "CPIs published %d, dropped %d (checksum %d)%n", counters.cpisPublished(),
                counters.cpisDroppedRingFull() + counters.cpisDroppedGap(), checksum);
        return Stats.median(ratio) >= 0.5 ? 0 : 1;
    }

    /** Complex samples (all channels) per second through the assembler; the consumer frees slots at once. */
    private double assemble(RxBuffer buffer, CpiAssembler assembler, CpiRing ring, long[] index, long nanos) {
        long samples = 0;
        long t0 = System.nanoTime();
        long end = t0 + nanos;
        long now;
        try {
            do {
                for (int i = 0; i < 16; i++) {
                    buffer.set(chunk, index[0], index[0], RxStatus.OK, "");
                    assembler.accept(buffer);
                    index[0] += chunk;
                    long seq;
                    while ((seq = ring.take(0)) >= 0) {
                        checksum += Float.floatToRawIntBits(ring.frame(seq).data()[0]);
                        ring.release(seq);
                    }
                    samples += (long) chunk * channels;
                }
                now = System.nanoTime();
            } while (now < end);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return samples / ((now - t0) / 1e9);
    }

    /**
     * Complex samples per second for a plain copy of the same bytes into the same layout: each chunk cut into
     * CPI rows ({@code symbols × S} samples per channel) written channel-major into a rotating set of CPI-sized
     * slots, as the assembler does, but with {@code System.arraycopy} instead of calibration.
     */
    private double copy(RxBuffer buffer, float[][] slots, long nanos) {
        long samples = 0;
        long t0 = System.nanoTime();
        long end = t0 + nanos;
        long now;
        int row = symbols * samplesPerSymbol;
        int slot = 0;
        int filled = 0;
        do {
            for (int i = 0; i < 16; i++) {
                int done = 0;
                while (done < chunk) {
                    int take = Math.min(chunk - done, row - filled);
                    float[] target = slots[slot];
                    for (int c = 0; c < channels; c++) {
                        System.arraycopy(buffer.channel(c), 2 * done, target, 2 * (c * row + filled), 2 * take);
                    }
                    done += take;
                    filled += take;
                    if (filled == row) {
                        checksum += Float.floatToRawIntBits(target[0]);
                        filled = 0;
                        slot = (slot + 1) % slots.length;
                    }
                }
                samples += (long) chunk * channels;
            }
            now = System.nanoTime();
        } while (now < end);
        return samples / ((now - t0) / 1e9);
    }
}
