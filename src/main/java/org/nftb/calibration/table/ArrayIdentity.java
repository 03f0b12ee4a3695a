package org.nftb.calibration.table;

import org.nftb.config.Backend;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.config.SwitchedArrayConfig;
import org.nftb.config.UhdConfig;
import org.nftb.model.ElementArray;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Which hardware a calibration belongs to. A table measured on one array does not fit another, and not the same
 * array wired differently, so a run compares the identity in the file with its own and refuses a mismatch
 * (unless {@code --force-calibration}).
 *
 * @param hwConfigHash  SHA-256 (first 16 bytes, hex) of the parts of the hw-config that change W: the element
 *                      positions of both arrays, the backend and channel count, libuhd's device arguments, subdevice
 *                      specs, clock and time sources and per-channel antenna, gain, tuning and LO settings, the RF
 *                      switch order, and for the simulated array its errors W, LO behaviour and transmit path. Not
 *                      the estimator, the scene's targets, the pipeline or the names
 * @param devices       the devices, as the configuration names them ({@code serial=…}, {@code addr=…} of libuhd's
 *                      arguments; {@code sim} for the simulated array)
 * @param channelMap    the radio channel feeding element n ({@code channelMap[n]}); for a switched array the switch
 *                      slot that visits element n
 */
public record ArrayIdentity(String hwConfigHash, List<String> devices, List<Integer> channelMap) {

    public ArrayIdentity {
        devices = List.copyOf(devices);
        channelMap = List.copyOf(channelMap);
    }

    /** The identity of the hardware {@code config} describes. */
    public static ArrayIdentity of(RunConfig config) {
        StringBuilder c = new StringBuilder();
        array(c.append("rx:"), config.rxArray());
        if (!config.monostatic()) {
            array(c.append("tx:"), config.txArray());
        }
        c.append("backend:").append(config.radio().backend()).append(";channels:").append(config.radio().channels());
        List<String> devices = new ArrayList<>();
        List<Integer> map = new ArrayList<>();
        int n = config.rxArray().count();
        UhdConfig uhd = config.radio().uhd();
        if (uhd != null) {
            c.append(";args:").append(uhd.args()).append(";clock:").append(uhd.clockSource()).append(";time:")
                    .append(uhd.timeSource()).append(";rxSubdev:").append(uhd.rxSubdev()).append(";txSubdev:")
                    .append(uhd.txSubdev());
            for (UhdConfig.RxChannel ch : uhd.rxChannels()) {
                c.append(String.format(Locale.ROOT, ";rx%d:%d,%s,%s,%s,%s,%s,%s", ch.channel(), ch.element(),
                        ch.antenna(), ch.gainDb(), ch.frequencyHz(), ch.bandwidthHz(), ch.loSource(), ch.loExport()));
            }
            if (uhd.tx() != null) {
                c.append(";tx:").append(uhd.tx().channels()).append(',').append(uhd.tx().antenna());
            }
            for (String token : uhd.args().split(",")) {
                String t = token.trim();
                if (t.startsWith("serial") || t.startsWith("addr") || t.startsWith("resource") || t.startsWith("name")) {
                    devices.add(t);
                }
            }
        } else {
            devices.add(config.radio().backend().name().toLowerCase(Locale.ROOT));
        }
        SwitchedArrayConfig sw = config.radio().switched();
        if (sw != null) {
            int[] order = sw.order();
            c.append(";switch:").append(Arrays.toString(order)).append(',').append(sw.dwellSamples())
                    .append(',').append(sw.settlingSamples());
            Integer[] slot = new Integer[n];
            for (int j = 0; j < order.length; j++) {
                slot[order[j]] = j;
            }
            map.addAll(List.of(slot));
        } else if (uhd != null && uhd.rxChannels().size() == n) {
            Integer[] channel = new Integer[n];
            for (UhdConfig.RxChannel ch : uhd.rxChannels()) {
                channel[ch.element() >= 0 ? ch.element() : ch.channel()] = ch.channel();
            }
            map.addAll(List.of(channel));
        } else {
            for (int e = 0; e < n; e++) {
                map.add(e);
            }
        }
        SceneConfig scene = config.scene();
        if (config.radio().backend() == Backend.SIM && scene != null) {
            c.append(";simErrors:").append(scene.calibrationErrors()).append(";lo:").append(scene.loPhaseJumps())
                    .append(";txPath:").append(scene.transmitPath());
        }
        return new ArrayIdentity(sha256(c.toString()), devices, map);
    }

    private static void array(StringBuilder c, ElementArray a) {
        for (int e = 0; e < a.count(); e++) {
            c.append(Double.toString(a.xM(e))).append(',').append(Double.toString(a.yM(e))).append(';');
        }
        c.append("ref:").append(a.referenceXM()).append(',').append(a.referenceYM()).append(';');
    }

    private static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** What differs between this identity (of a table) and {@code run}'s, in words; empty when they match. */
    public List<String> mismatches(ArrayIdentity run) {
        List<String> out = new ArrayList<>();
        if (!hwConfigHash.equals(run.hwConfigHash)) {
            out.add("hw-config hash " + hwConfigHash + " (table) vs " + run.hwConfigHash
                    + " (run): the array geometry, radio channels or their settings changed");
        }
        if (!devices.equals(run.devices)) {
            out.add("devices " + devices + " (table) vs " + run.devices + " (run)");
        }
        if (!channelMap.equals(run.channelMap)) {
            out.add("channel map " + channelMap + " (table) vs " + run.channelMap + " (run)");
        }
        return out;
    }
}
