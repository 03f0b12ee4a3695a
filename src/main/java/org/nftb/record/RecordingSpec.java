package org.nftb.record;

import org.nftb.calibration.table.CalibrationTable;
import org.nftb.config.PipelineConfig.RingMode;
import org.nftb.config.RunConfig;
import org.nftb.sigmf.Datatype;

/**
 * What a recording holds beside the samples, and how it behaves.
 *
 * @param config         the run's validated configuration (array, rates, CPI grid, scene)
 * @param hwConfigText   the hw-config YAML it was read from, embedded verbatim so that a replay rebuilds the same
 *                       configuration
 * @param hwConfigSource where that text came from (file or classpath resource)
 * @param calibration    the calibration table in force, embedded with its identity
 * @param datatype       {@link Datatype#CF32_LE} (exact, the default) or {@link Datatype#CI16_LE}
 * @param fullScale      ci16 only: the amplitude stored as int16 full scale ({@code nftb:full_scale}); 1 for cf32
 * @param mode           {@link RingMode#LIVE}: when the writer falls a whole queue behind, samples are dropped and
 *                       recorded as a gap (a radio must never wait for a disk); {@link RingMode#LOSSLESS}: the
 *                       receiving thread waits for the writer
 * @param queueBytes     memory for samples waiting to be written (the queue between the receiving thread and the
 *                       writer), bytes
 * @param sha512         write {@code core:sha512} of every dataset (the default): about 1.5 ns of CPU per byte,
 *                       on a thread of its own; SigMF makes it optional, for when the CPU is the limit
 */
public record RecordingSpec(RunConfig config, String hwConfigText, String hwConfigSource, CalibrationTable calibration,
                            Datatype datatype, float fullScale, RingMode mode, long queueBytes, boolean sha512) {

    /** Default queue memory: 64 MiB. */
    public static final long DEFAULT_QUEUE_BYTES = 64L << 20;

    public RecordingSpec {
        if (!datatype.equals(Datatype.CF32_LE) && !datatype.equals(Datatype.CI16_LE)) {
            throw new IllegalArgumentException("nftb records cf32_le or ci16_le, not " + datatype);
        }
        if (!(fullScale > 0) || !Float.isFinite(fullScale)) {
            throw new IllegalArgumentException("full scale must be a finite amplitude > 0, got " + fullScale);
        }
    }

    /** A cf32_le recording with the default queue, waiting or dropping as the pipeline's ring mode says. */
    public static RecordingSpec cf32(RunConfig config, String hwConfigText, String hwConfigSource,
                                     CalibrationTable calibration) {
        return new RecordingSpec(config, hwConfigText, hwConfigSource, calibration, Datatype.CF32_LE, 1f,
                config.pipeline().ringMode(), DEFAULT_QUEUE_BYTES, true);
    }

    public RecordingSpec withDatatype(Datatype type, float newFullScale) {
        return new RecordingSpec(config, hwConfigText, hwConfigSource, calibration, type, newFullScale, mode,
                queueBytes, sha512);
    }

    public RecordingSpec withMode(RingMode newMode) {
        return new RecordingSpec(config, hwConfigText, hwConfigSource, calibration, datatype, fullScale, newMode,
                queueBytes, sha512);
    }

    public RecordingSpec withQueueBytes(long bytes) {
        return new RecordingSpec(config, hwConfigText, hwConfigSource, calibration, datatype, fullScale, mode, bytes,
                sha512);
    }

    public RecordingSpec withSha512(boolean hash) {
        return new RecordingSpec(config, hwConfigText, hwConfigSource, calibration, datatype, fullScale, mode,
                queueBytes, hash);
    }
}
