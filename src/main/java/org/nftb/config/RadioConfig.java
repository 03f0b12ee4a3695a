package org.nftb.config;

/**
 * The radio part of a hardware configuration.
 *
 * @param backend      which device implementation
 * @param sampleRateHz per-element complex sample rate, Hz (an integer multiple of the symbol rate). For a
 *                     switched array this is the rate each element is seen at after de-multiplexing, not the
 *                     radio's ADC rate ({@link #deviceSampleRateHz()})
 * @param channels     number of receive elements (one CPI channel per element)
 * @param txLimits     transmit safety limits
 * @param uhd          libuhd settings; non-null exactly when {@code backend} is {@link Backend#UHD}
 * @param switched     the RF-switch description when one RF chain steps through the elements, else null
 * @param replay       what the replay backend plays; non-null exactly when {@code backend} is {@link Backend#REPLAY}
 */
public record RadioConfig(Backend backend, double sampleRateHz, int channels, TxLimits txLimits, UhdConfig uhd,
                          SwitchedArrayConfig switched, ReplayConfig replay) {

    /** A radio without replay settings (the sim and uhd backends). */
    public RadioConfig(Backend backend, double sampleRateHz, int channels, TxLimits txLimits, UhdConfig uhd,
                       SwitchedArrayConfig switched) {
        this(backend, sampleRateHz, channels, txLimits, uhd, switched, null);
    }

    /** A radio without uhd settings or switch (the sim backend). */
    public RadioConfig(Backend backend, double sampleRateHz, int channels, TxLimits txLimits) {
        this(backend, sampleRateHz, channels, txLimits, null, null);
    }

    /** The replay backend playing {@code settings}, at this rate and channel count. */
    public RadioConfig asReplay(ReplayConfig settings) {
        return new RadioConfig(Backend.REPLAY, sampleRateHz, channels, txLimits, null, null, settings);
    }

    /** RF chains the device itself streams: 1 behind a switch, else one per element. */
    public int deviceChannels() {
        return switched == null ? channels : 1;
    }

    /** Sample rate the radio is programmed to, Hz: {@link #sampleRateHz()} times the switch cycle factor. */
    public double deviceSampleRateHz() {
        return switched == null ? sampleRateHz : sampleRateHz * switched.cycleSamples(channels) / switched.dwellSamples();
    }
}
