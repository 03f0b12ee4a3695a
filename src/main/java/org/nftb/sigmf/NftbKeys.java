package org.nftb.sigmf;

/**
 * The {@code nftb} SigMF extension namespace: what makes a capture self-contained for this project beyond the
 * {@code core} and {@code spatial} namespaces (docs/record-replay.md documents each key). Declared in
 * {@code core:extensions} as optional, so other SigMF tools may ignore it.
 */
public final class NftbKeys {
    public static final String EXTENSION = "nftb";
    public static final String EXTENSION_VERSION = "1.0.0";
    public static final String SPATIAL = "spatial";
    public static final String SPATIAL_VERSION = "1.1.0";
    public static final String FORMAT_VALUE = "nftb-capture/1";

    // collection (array-wide)
    public static final String FORMAT = "nftb:format";
    public static final String STATE = "nftb:recording_state";
    public static final String RECORDER = "nftb:recorder";
    public static final String DEVICE = "nftb:device";
    public static final String HW_CONFIG = "nftb:hw_config";
    public static final String HW_CONFIG_SOURCE = "nftb:hw_config_source";
    public static final String CALIBRATION = "nftb:calibration";
    public static final String ESTIMATOR = "nftb:estimator";
    public static final String ELEMENT_CHANNELS = "nftb:element_channels";
    public static final String ARRAY_REFERENCE = "nftb:array_reference_m";
    public static final String CPI = "nftb:cpi";
    public static final String TRUTH_MODEL = "nftb:truth_model";
    public static final String REPAIR_NOTE = "nftb:repair_note";
    public static final String DROPPED = "nftb:samples_not_recorded";
    public static final String CLIPPED = "nftb:clipped_components";
    public static final String STOPPED_BY = "nftb:stopped_by";

    // recording global
    public static final String SAMPLE_COUNT = "nftb:sample_count";
    public static final String FULL_SCALE = "nftb:full_scale";
    public static final String ELEMENT = "nftb:element";

    // capture segment
    public static final String DEVICE_TIME = "nftb:device_time_ns";
    public static final String GAIN = "nftb:gain_db";

    // annotations
    public static final String TRUTH = "nftb:truth";
    public static final String GAP = "nftb:gap";
    public static final String RX_STATUS = "nftb:rx_status";
    /** A calibration table that took effect at the annotated sample: {@code version}, {@code stream_index},
     *  {@code source}, {@code table} (the nftb calibration JSON). */
    public static final String CALIBRATION_CHANGE = "nftb:calibration_change";
    /** CPIs the recorded run dropped before estimation (its CPI ring was full), over the annotated samples:
     *  {@code stream_index}, {@code samples}, {@code cpis}, {@code reason} ({@code ring_full}). A replay drops them
     *  again so that its records are the recorded run's. */
    public static final String CPIS_DROPPED = "nftb:cpis_dropped";

    /** Values of {@link #STATE}. */
    public static final String RECORDING = "recording";
    public static final String COMPLETE = "complete";
    public static final String REPAIRED = "repaired";

    private NftbKeys() {
    }
}
