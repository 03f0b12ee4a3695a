package org.nftb.device;

import org.nftb.config.SwitchedArrayConfig;

import java.util.Locale;

/**
 * A switched array: one RF chain behind an RF switch that steps through the elements, presented as one channel per
 * element. De-multiplexes the radio's single sample stream into the CPI's channels as described by
 * {@link SwitchedArrayConfig}: raw sample {@code r} (r = 0 is the first streamed sample, where the switch controller
 * starts its cycle) lies in cycle {@code c = r / L}; visit {@code j} of a cycle feeds element {@code order[j]},
 * whose first {@code settlingSamples} are the switch transient and dropped, the next {@code dwellSamples} kept as
 * element samples {@code c·dwell … c·dwell + dwell − 1}.
 *
 * <p>Only complete cycles are delivered, so every element carries the same sample indices. A raw gap (overflow, or
 * a jump in the radio's sample index) drops the cycle it cuts; the element sample index then jumps by the missing
 * cycles, which is how the {@code CpiAssembler} sees the gap. Stream faults of the radio are passed on as data in
 * the buffer that follows them.
 *
 * <p>The raw buffer is sized on the first {@link #receive} (whole cycles for the caller's capacity) and reused:
 * nothing allocates per call afterwards. Threading as {@link RadioDevice}.
 */
public final class SwitchedArray implements RadioDevice {
    private final RadioDevice radio;
    private final int elements;
    private final int dwell;
    private final int settling;
    private final int visit;
    private final int cycle;
    private final int[] order;
    private final double elementRateHz;
    private final double nanosPerRawSample;

    private RxBuffer raw;
    private int rawPos;
    private int rawValid;
    private long rawFirst;
    private long rawTimeNanos;
    private long expectedRaw = -1;
    private long partialCycle = -1;   // cycle being assembled in the output, -1 when none
    private int partialKept;           // kept samples of partialCycle written so far
    private final float[][] scratch;   // the cycle being assembled, per element (survives between calls)
    private long nextCycle;            // cycle after the last delivered one
    private RxStatus pendingStatus = RxStatus.OK;
    private String pendingDetail = "";
    private long droppedCycles;

    /**
     * @param radio         the one-channel radio behind the switch (closed with this device)
     * @param elements      elements the switch steps through
     * @param config        dwell, settling and order
     * @param elementRateHz rate each element is seen at: radio rate · dwell / cycle length
     */
    public SwitchedArray(RadioDevice radio, int elements, SwitchedArrayConfig config, double elementRateHz) {
        if (radio.channelCount() != 1) {
            throw new DeviceException(radio.description() + " streams " + radio.channelCount()
                    + " channels; a switched array needs exactly one RF chain");
        }
        this.radio = radio;
        this.elements = elements;
        this.dwell = config.dwellSamples();
        this.settling = config.settlingSamples();
        this.visit = dwell + settling;
        this.cycle = config.cycleSamples(elements);
        this.order = config.order();
        this.elementRateHz = elementRateHz;
        this.nanosPerRawSample = 1e9 / (elementRateHz * cycle / dwell);
        this.scratch = new float[elements][2 * dwell];
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "%s behind a %d-element RF switch (dwell %d, settling %d samples; "
                + "%.1f kHz per element)", radio.description(), elements, dwell, settling, elementRateHz / 1e3);
    }

    @Override
    public int channelCount() {
        return elements;
    }

    @Override
    public double sampleRateHz() {
        return elementRateHz;
    }

    /** Switch cycles cut by a gap in the radio stream and therefore not delivered. */
    public long droppedCycles() {
        return droppedCycles;
    }

    @Override
    public void startStreaming(StreamStart start) {
        rawPos = 0;
        rawValid = 0;
        expectedRaw = -1;
        partialCycle = -1;
        partialKept = 0;
        nextCycle = 0;
        pendingStatus = RxStatus.OK;
        pendingDetail = "";
        radio.startStreaming(start);
    }

    @Override
    public void receive(RxBuffer out, long timeoutNanos) {
        if (out.channelCount() != elements) {
            throw new DeviceException("switched array: RxBuffer has " + out.channelCount() + " channels, the switch "
                    + "steps through " + elements + " elements");
        }
        int maxCycles = out.capacity() / dwell;
        if (maxCycles < 1) {
            throw new DeviceException("switched array: RxBuffer capacity " + out.capacity()
                    + " is below one dwell of " + dwell + " samples");
        }
        if (raw == null || raw.capacity() != maxCycles * cycle) {
            raw = new RxBuffer(1, maxCycles * cycle);   // once: the caller reuses its buffer
            rawPos = 0;
            rawValid = 0;
        }
        int done = 0;             // complete cycles in out
        long firstCycle = -1;
        long firstTime = 0;
        boolean pulled = false;
        while (done < maxCycles) {
            if (rawPos == rawValid) {
                if (pulled && done > 0) {
                    break;        // deliver what we have rather than wait again
                }
                radio.receive(raw, timeoutNanos);
                pulled = true;
                RxStatus s = raw.status();
                if (s != RxStatus.OK) {
                    pendingStatus = s;
                    pendingDetail = raw.detail();
                }
                rawPos = 0;
                rawValid = raw.samples();
                if (s == RxStatus.OVERFLOW) {
                    dropPartial();
                    expectedRaw = -1;
                }
                if (rawValid == 0) {
                    if (done == 0) {
                        out.set(0, nextCycle * dwell, raw.timeNanos(), takeStatus(), takeDetail());
                        return;
                    }
                    break;
                }
                rawFirst = raw.firstSampleIndex();
                rawTimeNanos = raw.timeNanos();
                if (expectedRaw >= 0 && rawFirst != expectedRaw) {
                    dropPartial();
                }
                expectedRaw = rawFirst + rawValid;
            }
            long r = rawFirst + rawPos;
            long c = Math.floorDiv(r, cycle);
            int pos = (int) Math.floorMod(r, (long) cycle);
            if (c != partialCycle) {
                if (done > 0 && c != firstCycle + done) {
                    break;        // keep out contiguous; this sample starts the next buffer
                }
                dropPartial();
                if (pos != 0) {   // joined mid-cycle (after a gap): skip to the next cycle start
                    rawPos += Math.min(rawValid - rawPos, cycle - pos);
                    continue;
                }
                partialCycle = c;
                partialKept = 0;
            }
            int slot = pos / visit;
            int within = pos % visit;
            int run = Math.min(visit - within, rawValid - rawPos);
            if (within + run > settling) {
                int from = Math.max(within, settling);
                int n = within + run - from;
                int k = from - settling;
                float[] src = raw.channel(0);
                System.arraycopy(src, 2 * (rawPos + from - within), scratch[order[slot]], 2 * k, 2 * n);
                partialKept += n;
            }
            rawPos += run;
            if (pos + run == cycle) {
                if (partialKept == elements * dwell) {
                    for (int e = 0; e < elements; e++) {
                        System.arraycopy(scratch[e], 0, out.channel(e), 2 * done * dwell, 2 * dwell);
                    }
                    nextCycle = c + 1;
                    if (done == 0) {
                        firstCycle = c;
                        firstTime = rawTimeNanos + (long) ((c * (long) cycle - rawFirst) * nanosPerRawSample);
                    }
                    done++;
                }
                partialCycle = -1;
                partialKept = 0;
            }
        }
        out.set(done * dwell, firstCycle * dwell, firstTime, takeStatus(), takeDetail());
    }

    private void dropPartial() {
        if (partialCycle >= 0) {
            droppedCycles++;
            partialCycle = -1;
            partialKept = 0;
        }
    }

    private RxStatus takeStatus() {
        RxStatus s = pendingStatus;
        pendingStatus = RxStatus.OK;
        return s;
    }

    private String takeDetail() {
        String d = pendingDetail;
        pendingDetail = "";
        return d;
    }

    @Override
    public void stopStreaming() {
        radio.stopStreaming();
    }

    @Override
    public void transmit(TxBurst burst, long timeoutNanos) {
        radio.transmit(burst, timeoutNanos);
    }

    @Override
    public boolean canTransmit() {
        return radio.canTransmit();
    }

    /**
     * Retunes the one RF chain behind the switch. Every element shares that chain, so only
     * {@link #ALL_CHANNELS} is accepted: tuning "element 3" alone is not something a switched array can do.
     */
    @Override
    public void setRxFrequency(double frequencyHz, int channel, CommandTime when) {
        radio.setRxFrequency(frequencyHz, settableChain(channel, "frequency"), when);
    }

    @Override
    public double rxFrequencyHz(int channel) {
        return radio.rxFrequencyHz(chain(channel, "frequency"));
    }

    /** Sets the gain of the one RF chain; only {@link #ALL_CHANNELS} (see {@link #setRxFrequency}). */
    @Override
    public void setRxGain(double gainDb, int channel, CommandTime when) {
        radio.setRxGain(gainDb, settableChain(channel, "gain"), when);
    }

    @Override
    public double rxGainDb(int channel) {
        return radio.rxGainDb(chain(channel, "gain"));
    }

    @Override
    public long deviceTimeNanos() {
        return radio.deviceTimeNanos();
    }

    private int settableChain(int channel, String what) {
        if (channel != ALL_CHANNELS) {
            throw new DeviceException("switched array: every element shares one RF chain, so its " + what
                    + " is set for all elements at once (ALL_CHANNELS), not for element " + channel);
        }
        return 0;
    }

    private int chain(int channel, String what) {
        if (channel == ALL_CHANNELS) {
            return 0;
        }
        if (channel < 0 || channel >= elements) {
            throw new DeviceException("switched array: channel " + channel + " outside 0.." + (elements - 1));
        }
        return 0;   // reading one element's setting reads the shared chain
    }

    @Override
    public void close() {
        radio.close();
    }
}
