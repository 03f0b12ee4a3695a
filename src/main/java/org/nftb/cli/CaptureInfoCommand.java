package org.nftb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.device.replay.Capture;
import org.nftb.device.replay.RecordedTruth;
import org.nftb.device.replay.Recording;
import org.nftb.device.replay.Segment;
import org.nftb.model.PolarState;
import org.nftb.model.TargetState;
import org.nftb.sigmf.NftbKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code nftb capture info CAPTURE}: what a capture holds — channels, duration, tuning, geometry, calibration,
 * segments, gaps and faults, ground truth, annotations and the extension keys nftb keeps without using. Opening it
 * validates the metadata and verifies every SHA-512, so a capture this prints is one a replay can play.
 */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Print what a SigMF capture holds.")
public final class CaptureInfoCommand implements Callable<Integer> {
    private static final Set<String> USED = Set.of("core:datatype", "core:sample_rate", "core:version", "core:sha512",
            "core:num_channels", "core:recorder", "core:hw", "core:collection", "core:description", "core:extensions",
            "core:author", "core:license", "spatial:num_elements", "spatial:channel_index");

    @Parameters(index = "0", paramLabel = "CAPTURE",
            description = "capture directory, .sigmf-collection, .sigmf-meta or .sigmf archive")
    Path capture;

    @Override
    public Integer call() {
        Capture c = Capture.open(capture);
        print(c, System.out);
        return 0;
    }

    static void print(Capture c, PrintStream out) {
        Recording ref = c.reference();
        JsonNode g = ref.global();
        out.printf(Locale.ROOT, "capture      %s: SigMF %s %s%s%n", c.source(), g.path("core:version").asText("?"),
                c.collection() != null ? "Collection of " + c.recordings().size() + " recordings" : "Recording",
                c.isNftb() ? " (nftb capture, " + c.nftb(NftbKeys.STATE).asText() + ")" : " (not written by nftb)");
        String recorder = g.path("core:recorder").asText("");
        if (!recorder.isEmpty() || g.has("core:hw")) {
            out.printf("recorded     by %s%s%n", recorder.isEmpty() ? "?" : recorder,
                    g.has("core:hw") ? " from " + g.get("core:hw").asText() : "");
        }
        for (String k : new String[] {"core:author", "core:description", "core:license"}) {
            if (g.has(k)) {
                out.printf("%-12s %s%n", k.substring(5), g.get(k).asText());
            }
        }
        long[] lengths = c.lengths();
        out.printf(Locale.ROOT, "channels     %d x %s%s at %.6g Hz: %d samples = %.6f s replayable; SHA-512 %s%n",
                c.channelCount(), ref.datatype(), ref.numChannels() > 1 ? " (interleaved)" : "", c.sampleRateHz(),
                c.sampleCount(), c.sampleCount() / c.sampleRateHz(),
                g.has("core:sha512") ? "verified" : "not given (not verified)");
        if (Arrays.stream(lengths).distinct().count() > 1) {
            out.printf("lengths      recordings hold %s samples (an interrupted recording: replay plays the shortest)%n",
                    Arrays.toString(lengths));
        }
        tuning(c, out);
        geometry(c, out);
        CalibrationTable cal = c.calibration();
        out.printf("calibration  %s%n", cal == null ? "none embedded" : cal.describe());
        for (JsonNode a : c.referenceAnnotations(NftbKeys.CALIBRATION_CHANGE)) {
            JsonNode ch = a.get(NftbKeys.CALIBRATION_CHANGE);
            out.printf("             version %d from sample %d (stream index %d): %s%n", ch.path("version").asLong(),
                    a.path("core:sample_start").asLong(), ch.path("stream_index").asLong(), ch.path("source").asText());
        }
        List<Segment> segs = ref.segments();
        out.printf("segments     %d%n", segs.size());
        for (int i = 0; i < Math.min(segs.size(), 5); i++) {
            Segment s = segs.get(i);
            out.printf(Locale.ROOT, "             sample %d = stream index %d, device time %d ns%s%n", s.sampleStart(),
                    s.globalIndex(), s.deviceTimeNanos(), ref.captures().path(i).has("core:datetime")
                            ? ", " + ref.captures().path(i).get("core:datetime").asText() : "");
        }
        listed(out, "gaps", c.referenceAnnotations(NftbKeys.GAP));
        listed(out, "rx faults", c.referenceAnnotations(NftbKeys.RX_STATUS));
        truth(c, out);
        annotations(c, out);
        if (c.isNftb()) {
            out.printf("estimator    %s%n", c.nftb(NftbKeys.ESTIMATOR));
            out.printf("hw-config    %s (embedded, %d lines)%n", c.nftb(NftbKeys.HW_CONFIG_SOURCE).asText(),
                    c.hwConfigText() == null ? 0 : c.hwConfigText().split("\n").length);
            if (c.nftb(NftbKeys.STOPPED_BY).isTextual()) {
                out.printf("stopped by   %s%n", c.nftb(NftbKeys.STOPPED_BY).asText());
            }
            if (c.nftb(NftbKeys.REPAIR_NOTE).isTextual()) {
                out.printf("repaired     %s%n", c.nftb(NftbKeys.REPAIR_NOTE).asText());
            }
            long notRecorded = c.nftb(NftbKeys.DROPPED).asLong(0);
            out.printf("recorder     %d samples per channel received but not recorded, %d components clipped%n",
                    notRecorded, c.nftb(NftbKeys.CLIPPED).asLong(0));
        }
        extensions(c, out);
    }

    private static void tuning(Capture c, PrintStream out) {
        Set<String> f = new LinkedHashSet<>();
        Set<String> gain = new LinkedHashSet<>();
        for (int ch = 0; ch < c.channelCount(); ch++) {
            Segment s = c.recordingOf(ch).segments().get(0);
            f.add(Double.isNaN(s.frequencyHz()) ? "not recorded" : String.format(Locale.ROOT, "%.9g Hz", s.frequencyHz()));
            gain.add(Double.isNaN(s.gainDb()) ? "not recorded" : String.format(Locale.ROOT, "%.3g dB", s.gainDb()));
        }
        out.printf("tuning       frequency %s; gain %s%s%n", f.size() == 1 ? f.iterator().next() + " (all channels)"
                : f, gain.size() == 1 ? gain.iterator().next() : gain, c.channelCount() > 1 ? " (first segment)" : "");
    }

    private static void geometry(Capture c, PrintStream out) {
        JsonNode map = c.nftb(NftbKeys.ELEMENT_CHANNELS);
        JsonNode spatial = c.collection() == null ? c.reference().captures().path(0).path("spatial:element_geometry")
                : c.collection().path("collection").path("spatial:element_geometry");
        if (map.isArray() && !map.isEmpty()) {
            double minX = Double.MAX_VALUE;
            double maxX = -Double.MAX_VALUE;
            double minY = Double.MAX_VALUE;
            double maxY = -Double.MAX_VALUE;
            for (JsonNode e : map) {
                minX = Math.min(minX, e.get("x_m").asDouble());
                maxX = Math.max(maxX, e.get("x_m").asDouble());
                minY = Math.min(minY, e.get("y_m").asDouble());
                maxY = Math.max(maxY, e.get("y_m").asDouble());
            }
            out.printf(Locale.ROOT, "geometry     %d elements (element e on channel e), x %.4f..%.4f m, y %.4f..%.4f m, "
                    + "reference %s; first: %s%n", map.size(), minX, maxX, minY, maxY, c.nftb(NftbKeys.ARRAY_REFERENCE),
                    map.get(0).path("source").asText());
        }
        if (spatial.isArray()) {
            out.printf("spatial      element_geometry of %d points (X boresight, Y = -x): first %s, last %s%n",
                    spatial.size(), spatial.path(0).path("point"), spatial.path(spatial.size() - 1).path("point"));
        } else if (!map.isArray()) {
            out.println("geometry     not recorded (give --config with arrays.rx to replay)");
        }
    }

    private static void listed(PrintStream out, String what, List<JsonNode> list) {
        out.printf("%-12s %s%n", what, list.isEmpty() ? "none" : list.size() + "");
        for (int i = 0; i < Math.min(list.size(), 10); i++) {
            JsonNode a = list.get(i);
            out.printf("             sample %d: %s%n", a.path("core:sample_start").asLong(),
                    a.path("core:comment").asText(a.path("core:label").asText()));
        }
        if (list.size() > 10) {
            out.printf("             … %d more%n", list.size() - 10);
        }
    }

    private static void truth(Capture c, PrintStream out) {
        RecordedTruth t = c.truth();
        if (t == null) {
            out.println("truth        none recorded");
            return;
        }
        JsonNode ref = c.nftb(NftbKeys.ARRAY_REFERENCE);
        List<String> first = new ArrayList<>();
        for (TargetState s : t.first()) {
            PolarState p = s.toPolar(ref.path(0).asDouble(), ref.path(1).asDouble());
            first.add(String.format(Locale.ROOT, "θ %.3f° r %.4f m v_r %.3f m/s v_θ %.3f m/s",
                    Math.toDegrees(p.angleRad()), p.rangeM(), p.radialVelocityMps(), p.transverseVelocityMps()));
        }
        out.printf("truth        %d target(s) at %d CPI state times, motion %s; first: %s%n", t.targets(), t.points(),
                c.nftb(NftbKeys.TRUTH_MODEL).path("motion").asText("?"), String.join("; ", first));
    }

    private static void annotations(Capture c, PrintStream out) {
        List<JsonNode> other = c.reference().annotations().stream()
                .filter(a -> !a.has(NftbKeys.GAP) && !a.has(NftbKeys.RX_STATUS)).toList();
        out.printf("annotations  %d other than truth, gaps and faults%n", other.size());
        for (int i = 0; i < Math.min(other.size(), 10); i++) {
            JsonNode a = other.get(i);
            out.printf("             samples %d..%d: %s%n", a.path("core:sample_start").asLong(),
                    a.path("core:sample_start").asLong() + a.path("core:sample_count").asLong(0),
                    a.path("core:comment").asText(a.path("core:label").asText(a.toString())));
        }
    }

    private static void extensions(Capture c, PrintStream out) {
        List<String> ext = new ArrayList<>();
        for (JsonNode e : c.reference().global().path("core:extensions")) {
            ext.add(e.path("name").asText() + " " + e.path("version").asText());
        }
        List<String> kept = new ArrayList<>();
        for (Iterator<String> it = c.reference().global().fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!USED.contains(k) && !k.startsWith("nftb:")) {
                kept.add(k);
            }
        }
        out.printf("extensions   %s; other global keys kept: %s%n", ext.isEmpty() ? "none declared" : String.join(", ", ext),
                kept.isEmpty() ? "none" : String.join(", ", kept));
    }
}
