package org.nftb.calibration;

import org.nftb.config.Backend;
import org.nftb.config.PipelineConfig;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.device.DeviceException;
import org.nftb.device.RadioDevice;
import org.nftb.device.backend.RadioDevices;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;
import org.nftb.device.TxBurst;
import org.nftb.frontend.IntegrateAndDump;
import org.nftb.frontend.Snapshot;
import org.nftb.model.TargetState;
import org.nftb.stream.BlockingWaitStrategy;
import org.nftb.stream.CpiAssembler;
import org.nftb.stream.CpiLayout;
import org.nftb.stream.CpiRing;
import org.nftb.stream.StreamCounters;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;

/**
 * What calibration methods measure with: a radio (or the simulated array), the configuration, and the operator.
 * It receives CPIs through the same assembly as a run (CPI grid, gaps and overflows abandon the partial CPI) with no
 * calibration applied, turns them into {@code N × M} symbol snapshots (integrate-and-dump), transmits a burst and
 * captures what comes back, and places the pilot: on the simulated array it puts a stationary source there (the
 * scene's targets are replaced by it, at the first target's SNR), on a radio it asks the operator to.
 *
 * <p>Single-threaded. Closing the rig closes the device it opened.
 */
public final class CalibrationRig implements AutoCloseable {
    /** How the pilot gets to a position. */
    public interface Placement {
        /**
         * Puts the pilot at {@code (xM, yM)} (position {@code index} of {@code total}) and returns the device to
         * measure with (the same one, or a new one: the old one is then closed by the rig).
         */
        RadioDevice place(RadioDevice current, double xM, double yM, int index, int total);
    }

    private static final int MAX_SILENT_RECEIVES = 50;

    private final RunConfig config;
    private final Placement placement;
    private final Progress progress;
    private final boolean owned;
    private RadioDevice device;
    private boolean streaming;

    public CalibrationRig(RunConfig config, RadioDevice device, Placement placement, Progress progress) {
        this(config, device, placement, progress, true, false);
    }

    private CalibrationRig(RunConfig config, RadioDevice device, Placement placement, Progress progress, boolean owned,
                           boolean streaming) {
        this.config = config;
        this.device = device;
        this.placement = placement;
        this.progress = progress;
        this.owned = owned;
        this.streaming = streaming;
    }

    /**
     * A rig on a device that is already streaming and stays with its owner (the start check inside a run): it
     * never stops or closes it, and cannot move a pilot.
     */
    public static CalibrationRig attached(RunConfig config, RadioDevice device) {
        return new CalibrationRig(config, device, (current, x, y, i, t) -> {
            throw new IllegalStateException("an attached rig cannot place a pilot");
        }, Progress.NONE, false, true);
    }

    /**
     * Opens the configuration's device. On the simulated array a placement moves the simulated pilot; on a radio
     * it prints {@code prompt} lines to stderr and waits for Enter on stdin when there is more than one position.
     */
    public static CalibrationRig open(RunConfig config, Progress progress) {
        return new CalibrationRig(config, RadioDevices.open(config),
                config.radio().backend() == Backend.SIM ? simPlacement(config) : operatorPlacement(), progress);
    }

    /** The simulated array with a stationary pilot at the position (the scene's first target's SNR). */
    public static Placement simPlacement(RunConfig config) {
        return (current, x, y, index, total) -> {
            SceneConfig scene = config.scene();
            double snr = scene.targets().isEmpty() ? 0 : scene.targets().get(0).perSampleSnrDb();
            SceneConfig moved = scene.withTargets(List.of(new SceneConfig.Target(new TargetState(x, y, 0, 0), snr)));
            return RadioDevices.open(config.withScene(moved));
        };
    }

    /** Asks the operator to place the pilot (only when there are several positions: one is placed beforehand). */
    public static Placement operatorPlacement() {
        return (current, x, y, index, total) -> {
            if (total > 1) {
                System.err.printf(Locale.ROOT, "nftb: place the pilot at x = %.4f m, y = %.4f m (position %d of %d) "
                        + "and press Enter%n", x, y, index + 1, total);
                try {
                    int c;
                    while ((c = System.in.read()) != '\n') {
                        if (c < 0) {
                            throw new DeviceException("stdin closed while waiting for the operator to place the pilot "
                                    + "at position " + (index + 1) + " of " + total);
                        }
                    }
                } catch (IOException e) {
                    throw new DeviceException("cannot read the operator's confirmation from stdin: " + e.getMessage());
                }
            }
            return current;
        };
    }

    public RunConfig config() {
        return config;
    }

    public RadioDevice device() {
        return device;
    }

    public Progress progress() {
        return progress;
    }

    /** Puts the pilot at a position (see {@link Placement}); a new device starts a new stream. */
    public void place(double xM, double yM, int index, int total) {
        RadioDevice next = placement.place(device, xM, yM, index, total);
        if (next != device) {
            stop();
            device.close();
            device = next;
        }
    }

    /** Stops and starts streaming again (a restart: TwinRX-class receivers may come back with other LO phases). */
    public void restart() {
        stop();
        start();
    }

    private void start() {
        if (!streaming) {
            device.startStreaming(StreamStart.NOW);
            streaming = true;
        }
    }

    private void stop() {
        if (streaming) {
            device.stopStreaming();
            streaming = false;
        }
    }

    /** Receives {@code count} CPIs and stacks their symbol snapshots, reporting progress as {@code what}. */
    public CpiStack stack(int count, String what) {
        CpiStack stack = new CpiStack(config.rxArray().count(), config.cpiSymbols());
        forEachCpi(count, what, (snapshot, seq) -> stack.add(snapshot));
        return stack;
    }

    /** Receives one CPI's snapshot. */
    public interface CpiConsumer {
        /** {@code snapshot}: {@code N × M} symbols, interleaved, element-major; valid during the call. */
        void accept(float[] snapshot, long sequence);
    }

    /** Receives {@code count} whole CPIs (no calibration applied) and hands each snapshot to {@code consumer}. */
    public void forEachCpi(int count, String what, CpiConsumer consumer) {
        CpiLayout layout = new CpiLayout(config.rxArray().count(), config.cpiSymbols(), config.samplesPerSymbol());
        CpiRing ring = new CpiRing(4, layout, new BlockingWaitStrategy());
        CalibrationState none = new CalibrationState(CalibrationTable.identity(layout.channels(),
                config.rxArray().fingerprint(), config.carrierFrequencyHz()));
        CpiAssembler assembler = new CpiAssembler(ring, none, layout, config.radio().sampleRateHz(),
                PipelineConfig.RingMode.LOSSLESS, new StreamCounters(), () -> false);
        IntegrateAndDump frontEnd = new IntegrateAndDump(layout);
        Snapshot snapshot = new Snapshot(frontEnd.outputShape());
        RxBuffer buffer = new RxBuffer(layout.channels(), layout.samplesPerChannel());
        long timeout = config.pipeline().receiveTimeoutNanos();
        start();
        int done = 0;
        int silent = 0;
        progress.update(what, 0, count);
        try {
            while (done < count) {
                device.receive(buffer, timeout);
                RxStatus status = buffer.status();
                if (status == RxStatus.END_OF_STREAM) {
                    throw new DeviceException(device.description() + ": the stream ended after " + done + " of "
                            + count + " CPIs of " + what);
                }
                silent = buffer.samples() == 0 ? silent + 1 : 0;
                if (silent > MAX_SILENT_RECEIVES) {
                    throw new DeviceException(device.description() + ": no samples in " + silent + " receives ("
                            + status + " " + buffer.detail() + ") during " + what);
                }
                assembler.accept(buffer);
                long seq;
                while (done < count && (seq = ring.take(0)) >= 0) {
                    frontEnd.process(ring.frame(seq), snapshot);
                    consumer.accept(snapshot.data(), ring.frame(seq).sequence());
                    ring.release(seq);
                    done++;
                    progress.update(what, done, count);
                }
                while ((seq = ring.take(0)) >= 0) {
                    ring.release(seq);   // CPIs beyond the count
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException("interrupted during " + what);
        }
    }

    /**
     * Transmits {@code burst} at a device time a little ahead (its own time is ignored) and returns the {@code samples}
     * samples per channel received from the burst's first sample on (interleaved re/im).
     */
    public float[][] capture(TxBurst burst, int samples, String what) {
        start();
        int channels = config.rxArray().count();
        double fs = config.radio().sampleRateHz();
        long lead = Math.max(config.pipeline().receiveTimeoutNanos() / 10, (long) (4 * config.samplesPerCpi() * 1e9 / fs));
        long t0 = device.deviceTimeNanos() + lead;
        device.transmit(new TxBurst(burst.samples(), burst.centerFrequencyHz(), burst.gainDb(), burst.sampleRateHz(),
                t0), config.pipeline().receiveTimeoutNanos());
        float[][] out = new float[channels][2 * samples];
        RxBuffer buffer = new RxBuffer(channels, Math.max(256, config.samplesPerCpi()));
        int got = 0;
        int silent = 0;
        progress.update(what, 0, samples);
        while (got < samples) {
            device.receive(buffer, config.pipeline().receiveTimeoutNanos());
            if (buffer.status() == RxStatus.END_OF_STREAM) {
                throw new DeviceException(device.description() + ": the stream ended during " + what);
            }
            silent = buffer.samples() == 0 ? silent + 1 : 0;
            if (silent > MAX_SILENT_RECEIVES) {
                throw new DeviceException(device.description() + ": no samples during " + what);
            }
            for (int i = 0; i < buffer.samples() && got < samples; i++) {
                long t = buffer.timeNanos() + (long) (i * 1e9 / fs);
                if (t < t0) {   // the burst lands on the first sample at or after t0
                    continue;
                }
                for (int c = 0; c < channels; c++) {
                    out[c][2 * got] = buffer.channel(c)[2 * i];
                    out[c][2 * got + 1] = buffer.channel(c)[2 * i + 1];
                }
                got++;
            }
            progress.update(what, got, samples);
        }
        return out;
    }

    @Override
    public void close() {
        if (!owned) {
            return;
        }
        try {
            stop();
        } finally {
            device.close();
        }
    }
}
