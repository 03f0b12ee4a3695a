package org.nftb.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.run.Configs;

class UhdConfigLoaderTest {
    private static final Path HW = Path.of("hw-config");

    @Test
    void theSimulatedE320IsASixteenElementSwitchedArrayOnOneChannel() {
        RunConfig c = Configs.load(HW.resolve("e320-sim.yaml"));
        RadioConfig r = c.radio();
        assertEquals(Backend.UHD, r.backend());
        assertEquals(16, r.channels());
        assertEquals(1, r.deviceChannels());
        assertEquals(1, r.switched().dwellSamples());
        assertEquals(1, r.switched().settlingSamples());
        assertEquals(32, r.switched().cycleSamples(16));
        assertEquals(32e3, r.deviceSampleRateHz(), 1e-9);
        assertEquals("addr=127.0.0.1", r.uhd().args());
        assertEquals(1, r.uhd().rxChannels().size());
        assertEquals(-1, r.uhd().rxChannels().get(0).element());
        assertEquals(5.8e9, r.uhd().rxChannels().get(0).frequencyHz(), "frequency defaults to the carrier");
        assertEquals(List.of(0), r.uhd().tx().channels());
        assertEquals(2_000_000_000L, r.uhd().deviceLostNanos());
        // the radio section reads clean; the estimator may say its scene lies outside the region it is benchmarked in
        assertTrue(c.warnings().stream().allMatch(w -> w.contains("valid region")), c.warnings().toString());
    }

    @Test
    void theX310WithTwoTwinRxSharesOneExportedLoAcrossFourChannels() {
        RunConfig c = Configs.load(HW.resolve("x310-twinrx.yaml"));
        UhdConfig u = c.radio().uhd();
        assertNull(c.radio().switched());
        assertEquals(4, c.radio().deviceChannels());
        assertEquals("A:0 A:1 B:0 B:1", u.rxSubdev());
        assertEquals(UhdConfig.LoSource.INTERNAL, u.rxChannels().get(0).loSource());
        assertTrue(u.rxChannels().get(0).loExport());
        assertEquals(UhdConfig.LoSource.COMPANION, u.rxChannels().get(1).loSource());
        assertEquals(UhdConfig.LoSource.EXTERNAL, u.rxChannels().get(3).loSource());
        assertEquals(80e6, u.rxChannels().get(2).bandwidthHz());
        assertNull(u.tx(), "TwinRX cannot transmit");
    }

    @Test
    void twoN310sTakeExternalReferencesAndAlignTimeOnAnUnknownPps() {
        RunConfig c = Configs.load(HW.resolve("n310x2-external-ref.yaml"));
        UhdConfig u = c.radio().uhd();
        assertEquals(8, u.rxChannels().size());
        assertEquals(2, u.motherboardsInArgs());
        assertEquals(UhdConfig.ReferenceSource.EXTERNAL, u.clockSource());
        assertEquals(UhdConfig.ReferenceSource.EXTERNAL, u.timeSource());
        assertEquals(UhdConfig.TimeAlignment.UNKNOWN_PPS, u.timeAlignment());
        assertEquals(10_000_000_000L, u.lockTimeoutNanos());
        for (int i = 0; i < 8; i++) {
            assertEquals(i, u.rxChannels().get(i).element());
        }
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
    }

    @Test
    void theSwitchOrderIsKeptAsWritten() throws IOException {
        RunConfig c = Configs.parse("t.yaml", e320().replace("order: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]",
                "order: [15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]"));
        assertArrayEquals(new int[] {15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, c.radio().switched().order());
    }

    @Test
    void configFaultsNameTheFileAndTheField() throws IOException {
        String e = e320();
        expect(e.replace("    args: addr=127.0.0.1       # always give an address (no broadcast discovery)\n", ""),
                "radio.uhd.args", "missing required field");
        expect(e.replace("order: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]",
                "order: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 14]"), "radio.switched.order[15]", "twice");
        expect(e.replace("order: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]", "order: [0, 1]"),
                "radio.switched.order", "lists 2 elements");
        expect(e.replace("dwellSamples: 1", "dwellSamples: 0"), "radio.switched.dwellSamples", ">= 1");
        expect(e.replace("settlingSamples: 1", "settlingSamples: -2"), "radio.switched.settlingSamples", ">= 0");
        expect(e.replace("{channel: 0, antenna: RX2, gain: 30 dB}", "{channel: 0, element: 3, antenna: RX2, gain: 30 dB}"),
                "radio.uhd.channels[0].element", "radio.switched.order");
        expect(e.replace("      - {channel: 0, antenna: RX2, gain: 30 dB}\n",
                "      - {channel: 0, antenna: RX2, gain: 30 dB}\n      - {channel: 1, antenna: RX2, gain: 30 dB}\n"),
                "radio.uhd.channels", "exactly one channel");
        expect(e.replace("timeAlignment: now", "timeAlignment: next_pps"), "radio.uhd.timeAlignment", "needs a PPS");
        expect(e.replace("clockSource: internal", "clockSource: rubidium"), "radio.uhd.clockSource", "allowed: internal, external, gpsdo");
        expect(e.replace("gain: 30 dB}", "gain: loud}"), "radio.uhd.channels[0].gain", "dB");
        expect(e.replace("deviceLostTimeout: 2 s", "deviceLostTimeout: 0 s"), "radio.uhd.deviceLostTimeout", "> 0");
        expect(e.replace("tx: {channels: [0], antenna: TX/RX}", "tx: {channels: []}"), "radio.uhd.tx.channels", "at least one");
        expect(e.replace("    clockSource: internal\n", "    clockSource: internal\n    colour: blue\n"),
                "radio.uhd.colour", "unknown key");
        expect(e.replace("backend: uhd", "backend: sim"), "radio.switched", "uhd backend");
        String noSwitch = e.replace("  switched:\n    dwellSamples: 1\n    settlingSamples: 1\n"
                + "    order: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]\n", "");
        expect(noSwitch, "radio.uhd.channels", "lists 1 channels but arrays.rx has 16");
    }

    @Test
    void channelMapFaultsNameTheChannel() throws IOException {
        String x = Files.readString(HW.resolve("x310-twinrx.yaml"), StandardCharsets.UTF_8);
        expect(x.replace("{channel: 3, element: 3,", "{channel: 3, element: 2,"), "radio.uhd.channels[3].element",
                "element 2 is fed by two channels");
        expect(x.replace("{channel: 3, element: 3,", "{channel: 2, element: 3,"), "radio.uhd.channels[3].channel",
                "listed twice");
        expect(x.replace("{channel: 3, element: 3,", "{channel: 3, element: 7,"), "radio.uhd.channels[3].element",
                "0..3");
        expect(x.replace("loSource: companion}", "loSource: companion, loExport: true}"), "radio.uhd.channels",
                "more than one channel has loExport");
        expect(x.replace("backend: uhd", "backend: sim"), "radio.uhd", "only read by backend uhd");
    }

    @Test
    void severalDevicesWithoutASharedPpsAreAWarningNotAnError() throws IOException {
        String n = Files.readString(HW.resolve("n310x2-external-ref.yaml"), StandardCharsets.UTF_8)
                .replace("clockSource: external", "clockSource: internal")
                .replace("timeSource: external", "timeSource: internal")
                .replace("timeAlignment: unknown_pps", "timeAlignment: now");
        RunConfig c = Configs.parse("n.yaml", n);
        assertEquals(1, c.warnings().size());
        assertTrue(c.warnings().get(0).contains("not time-aligned"), c.warnings().get(0));
    }

    private static String e320() throws IOException {
        return Files.readString(HW.resolve("e320-sim.yaml"), StandardCharsets.UTF_8);
    }

    private static void expect(String yaml, String field, String reasonPart) {
        ConfigException e = assertThrows(ConfigException.class, () -> Configs.parse("bad.yaml", yaml));
        assertEquals("bad.yaml", e.file(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(reasonPart), e.getMessage());
    }
}
