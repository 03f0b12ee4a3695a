package org.nftb.config;

/**
 * The physical and computational bounds every configuration is checked against when it is loaded, so that
 * everything the loader accepts can run (nothing overflows, allocates beyond the heap or turns samples into
 * NaN/Inf later). Each bound is far outside what a lab set-up uses and well inside what the code can represent.
 */
final class Limits {
    private Limits() {
    }

    /** Speed of light, m/s: no target moves that fast. */
    static final double C_MPS = 299_792_458.0;
    static final double MIN_CARRIER_HZ = 1e3;
    static final double MAX_CARRIER_HZ = 1e12;
    /** Per-channel sample rate: USRPs stream at most a few hundred MS/s per channel. */
    static final double MAX_SAMPLE_RATE_HZ = 1e9;
    static final int MAX_CPI_SYMBOLS = 1 << 20;
    static final double MAX_CPI_SECONDS = 60;
    /** Elements of one array: 2^20 (the XL arrays of seed 000 have 256; a 65 536-element array still loads fast). */
    static final int MAX_ELEMENTS = 1 << 20;
    static final double MAX_APERTURE_M = 1_000;
    static final double MAX_POSITION_M = 1e6;
    static final int MAX_RING_SLOTS = 1024;
    /** Per-sample SNR: 150 dB is an amplitude of 3·10^7 noise standard deviations, still exact in float. */
    static final double MAX_SNR_DB = 150;
    static final double MIN_SNR_DB = -200;
    /** Amplitude errors of the simulated array's W, dB. */
    static final double MAX_AMPLITUDE_ERROR_DB = 40;
    /** Fraction of the JVM heap a configuration's buffers may take. */
    static final double HEAP_FRACTION = 0.7;
}
