package org.nftb.config;

import java.util.List;
import java.util.Locale;

/**
 * libuhd settings of a {@code radio.uhd} block.
 *
 * @param args              device arguments, e.g. {@code addr=192.168.10.2} or {@code addr0=…,addr1=…}
 * @param clockSource       10 MHz reference of every motherboard
 * @param timeSource        PPS source of every motherboard
 * @param timeAlignment     how device time is set before streaming
 * @param rxSubdev          RX subdevice spec (e.g. {@code "A:0 A:1 B:0 B:1"}), or null for the device default
 * @param txSubdev          TX subdevice spec, or null
 * @param wireFormat        sample format on the wire
 * @param rxChannels        the receive channels (multi-USRP channel → array element); one entry behind a switch
 * @param tx                transmit channels, or null when this setup never transmits
 * @param lockTimeoutNanos  how long to wait for ref_locked / lo_locked before giving up
 * @param startDelayNanos   lead time of the timed stream start after "now"
 * @param deviceLostNanos   receive silence after which the device is probed and, if it does not answer, declared gone
 */
public record UhdConfig(String args, ReferenceSource clockSource, ReferenceSource timeSource,
                        TimeAlignment timeAlignment, String rxSubdev, String txSubdev, WireFormat wireFormat,
                        List<RxChannel> rxChannels, Tx tx, long lockTimeoutNanos, long startDelayNanos,
                        long deviceLostNanos) {

    /** A clock or time reference. */
    public enum ReferenceSource {
        INTERNAL, EXTERNAL, GPSDO;

        /** The name libuhd uses ({@code internal}, {@code external}, {@code gpsdo}). */
        public String uhdName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Setting device time before streaming. */
    public enum TimeAlignment {
        /** {@code set_time_now(0)} on every motherboard: fine for one device; several are not aligned. */
        NOW,
        /** Wait for a PPS edge, then {@code set_time_next_pps(0)}: one device with a PPS input. */
        NEXT_PPS,
        /** {@code set_time_unknown_pps(0)}: several devices sharing a PPS. */
        UNKNOWN_PPS
    }

    /** Local-oscillator source of a channel (TwinRX-style LO sharing). */
    public enum LoSource {
        INTERNAL, EXTERNAL, COMPANION, REIMPORT, DISABLED;

        public String uhdName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Over-the-wire sample format. */
    public enum WireFormat {
        SC16, SC8;

        public String uhdName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One receive channel.
     *
     * @param channel     multi-USRP channel index (counted across motherboards)
     * @param element     array element it feeds, or -1 behind a switch
     * @param antenna     antenna port (e.g. {@code RX2}), or null for the device default
     * @param gainDb      RX gain, dB
     * @param frequencyHz RX centre frequency, Hz (defaults to the configuration's carrier)
     * @param bandwidthHz analog bandwidth, Hz, or NaN to leave the device default
     * @param loSource    LO source, or null to leave the default
     * @param loExport    export this channel's LO to the others
     */
    public record RxChannel(int channel, int element, String antenna, double gainDb, double frequencyHz,
                            double bandwidthHz, LoSource loSource, boolean loExport) {
    }

    /**
     * Transmit side.
     *
     * @param channels multi-USRP TX channel indices
     * @param antenna  antenna port, or null for the default
     */
    public record Tx(List<Integer> channels, String antenna) {
        public Tx {
            channels = List.copyOf(channels);
        }
    }

    /** Number of motherboards the args name ({@code addr0}, {@code addr1} …; 1 otherwise). */
    public int motherboardsInArgs() {
        int n = 0;
        for (String kv : args.split(",")) {
            String key = kv.split("=", 2)[0].trim();
            if (key.matches("(addr|serial|name|resource)\\d+")) {
                n = Math.max(n, Integer.parseInt(key.replaceAll("\\D", "")) + 1);
            }
        }
        return Math.max(n, 1);
    }
}
