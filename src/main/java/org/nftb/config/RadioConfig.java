package org.nftb.config;

/**
 * The radio part of a hardware configuration.
 *
 * @param backend      which device implementation
 * @param sampleRateHz per-channel complex sample rate, Hz (an integer multiple of the symbol rate)
 * @param channels     number of receive channels (one per receive element)
 * @param txLimits     transmit safety limits
 */
public record RadioConfig(Backend backend, double sampleRateHz, int channels, TxLimits txLimits) {
}
