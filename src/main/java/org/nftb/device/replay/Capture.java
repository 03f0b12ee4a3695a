package org.nftb.device.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nftb.calibration.table.CalibrationException;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.CalibrationTables;
import org.nftb.sigmf.CaptureException;
import org.nftb.sigmf.FileRegion;
import org.nftb.sigmf.SigmfArchive;
import org.nftb.sigmf.NftbKeys;
import org.nftb.sigmf.SigmfFiles;
import org.nftb.sigmf.SigmfSchemas;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A multi-channel capture, opened and checked (SigMF 1.2): a Collection ({@code .sigmf-collection}, one or more
 * Recordings listed in {@code core:streams} with the SHA-512 of each {@code .sigmf-meta}), or a single Recording
 * whose dataset interleaves {@code core:num_channels} channels. Channels are numbered in {@code spatial:channel_index}
 * order when every Recording gives one, else in stream order; within a Recording in interleaving order.
 *
 * <p>Replay position, segments, faults and time come from the reference Recording (the one holding channel 0); an
 * nftb capture writes them identically into every Recording. Recordings of different lengths (a repaired
 * interrupted recording) replay up to the shortest; {@link #lengths()} shows each.
 */
public final class Capture {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path source;
    private final JsonNode collection;
    private final List<Recording> recordings;
    private final int[] recordingOfChannel;
    private final int[] subOfChannel;
    private final double sampleRateHz;
    private final long sampleCount;
    private final RecordedTruth truth;

    private Capture(Path source, JsonNode collection, List<Recording> recordings, int[] recordingOfChannel,
                    int[] subOfChannel, double sampleRateHz, RecordedTruth truth) {
        this.source = source;
        this.collection = collection;
        this.recordings = recordings;
        this.recordingOfChannel = recordingOfChannel;
        this.subOfChannel = subOfChannel;
        this.sampleRateHz = sampleRateHz;
        this.sampleCount = recordings.stream().mapToLong(Recording::sampleCount).min().orElse(0);
        this.truth = truth;
    }

    /**
     * Opens a capture: a directory holding one {@code .sigmf-collection} (or else one {@code .sigmf-meta}, or else
     * one {@code .sigmf} archive), a {@code .sigmf-collection}, a {@code .sigmf-meta} or {@code .sigmf-data}, a SigMF
     * Archive ({@code .sigmf}: read in place, {@link SigmfArchive}), or a base name.
     */
    public static Capture open(Path path) {
        Path file = locate(path);
        String name = file.getFileName().toString();
        if (SigmfArchive.isArchiveName(file)) {
            return openArchive(file);
        }
        Recording.Siblings siblings = beside(file);
        FileRegion region = region(file);
        if (name.endsWith(SigmfFiles.COLLECTION)) {
            return openCollection(file, region, siblings, meta -> beside(meta.file()));
        }
        return single(file, region, siblings);
    }

    private static Capture single(Path source, FileRegion meta, Recording.Siblings siblings) {
        RecordedTruth.Builder truth = new RecordedTruth.Builder();
        Recording r = Recording.open(meta, siblings, truth);
        int[] rec = new int[r.numChannels()];
        int[] sub = new int[r.numChannels()];
        for (int c = 0; c < sub.length; c++) {
            sub[c] = c;
        }
        return new Capture(source, null, List.of(r), rec, sub, rate(meta.name(), List.of(r)), truth(truth, null));
    }

    /**
     * A SigMF Archive: its top-level {@code .sigmf-collection} when it has one, else its one Recording. Collection
     * streams are found beside the collection ({@code N.sigmf-meta}) or, as archives are usually laid out, in a
     * directory of their name ({@code N/N.sigmf-meta}).
     */
    private static Capture openArchive(Path file) {
        SigmfArchive a = SigmfArchive.open(file);
        List<String> collections = a.names(SigmfFiles.COLLECTION).stream().filter(n -> !n.contains("/")).toList();
        if (collections.size() > 1) {
            throw new CaptureException(file.toString(), "", "holds " + collections.size() + " .sigmf-collection "
                    + "files at its top level (" + collections + "); SigMF allows one");
        }
        if (collections.size() == 1) {
            return openCollection(file, a.member(collections.get(0)), name -> {
                FileRegion r = a.member(name);
                if (r == null && name.endsWith(SigmfFiles.META)) {
                    String base = name.substring(0, name.length() - SigmfFiles.META.length());
                    r = a.member(base + "/" + base.substring(base.lastIndexOf('/') + 1) + SigmfFiles.META);
                }
                return r;
            }, meta -> inArchive(a, a.pathOf(meta)));
        }
        List<String> metas = a.names(SigmfFiles.META);
        if (metas.size() != 1) {
            throw new CaptureException(file.toString(), "", "holds " + metas.size() + " recordings (" + metas + ") and "
                    + "no .sigmf-collection saying how they belong together; extract it and open one recording");
        }
        return single(file, a.member(metas.get(0)), inArchive(a, metas.get(0)));
    }

    /** The members of {@code a} in the directory of member {@code path}. */
    private static Recording.Siblings inArchive(SigmfArchive a, String path) {
        String dir = path.substring(0, path.lastIndexOf('/') + 1);
        return name -> a.member(dir + name);
    }

    /** Files in {@code file}'s directory. */
    private static Recording.Siblings beside(Path file) {
        return name -> {
            Path p = file.resolveSibling(name);
            return Files.isRegularFile(p) ? FileRegion.of(p) : null;
        };
    }

    private static FileRegion region(Path file) {
        try {
            return FileRegion.of(file);
        } catch (NoSuchFileException e) {
            throw new CaptureException(file.toString(), "", "no such file");
        } catch (IOException e) {
            throw new CaptureException(file.toString(), "", "cannot read: " + e.getMessage(), e);
        }
    }

    private static Path locate(Path path) {
        String n = path.getFileName() == null ? "" : path.getFileName().toString();
        if (Files.isDirectory(path)) {
            List<Path> collections = list(path, SigmfFiles.COLLECTION);
            if (collections.size() == 1) {
                return collections.get(0);
            }
            List<Path> metas = list(path, SigmfFiles.META);
            if (collections.isEmpty() && metas.size() == 1) {
                return metas.get(0);
            }
            List<Path> archives = list(path, SigmfArchive.EXTENSION);
            if (collections.isEmpty() && metas.isEmpty() && archives.size() == 1) {
                return archives.get(0);
            }
            throw new CaptureException(path.toString(), "", collections.size() > 1 ? "holds " + collections.size()
                    + " .sigmf-collection files; name the one to open" : metas.isEmpty() ? (archives.isEmpty()
                    ? "holds no SigMF capture (.sigmf-collection, .sigmf-meta or .sigmf archive)" : "holds "
                    + archives.size() + " .sigmf archives; name the one to open") : "holds " + metas.size()
                    + " .sigmf-meta files and no .sigmf-collection; name the recording to open");
        }
        if (n.endsWith(SigmfFiles.DATA)) {
            return path.resolveSibling(n.substring(0, n.length() - SigmfFiles.DATA.length()) + SigmfFiles.META);
        }
        if (n.endsWith(SigmfFiles.COLLECTION) || n.endsWith(SigmfFiles.META) || SigmfArchive.isArchiveName(path)) {
            if (!Files.exists(path)) {
                throw new CaptureException(path.toString(), "", "no such file");
            }
            return path;
        }
        for (String ext : new String[] {SigmfFiles.COLLECTION, SigmfFiles.META, SigmfArchive.EXTENSION}) {
            Path p = path.resolveSibling(n + ext);
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new CaptureException(path.toString(), "", "no such capture (a directory, .sigmf-collection, "
                + ".sigmf-meta or .sigmf archive)");
    }

    private static List<Path> list(Path dir, String ext) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(ext)).sorted().toList();
        } catch (IOException e) {
            throw new CaptureException(dir.toString(), "", "cannot list: " + e.getMessage(), e);
        }
    }

    /**
     * @param siblings finds the streams' metadata
     * @param besideOf the files beside a stream's metadata (where its dataset is)
     */
    private static Capture openCollection(Path source, FileRegion file, Recording.Siblings siblings,
                                          Function<FileRegion, Recording.Siblings> besideOf) {
        String f = file.name();
        JsonNode root;
        try (InputStream in = file.open()) {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new CaptureException(f, "", "not valid JSON: " + e.getMessage(), e);
        }
        SigmfSchemas.checkCollection(f, root);
        JsonNode c = root.get("collection");
        if (NftbKeys.RECORDING.equals(c.path(NftbKeys.STATE).asText())) {
            throw new CaptureException(f, "collection." + NftbKeys.STATE, "this nftb recording was not finalised (the "
                    + "recorder was killed or crashed); run nftb capture repair " + source.getParent());
        }
        JsonNode streams = c.path("core:streams");
        if (streams.isEmpty()) {
            throw new CaptureException(f, "collection.core:streams", "lists no recordings");
        }
        RecordedTruth.Builder truth = new RecordedTruth.Builder();
        List<Recording> recs = new ArrayList<>();
        List<Recording.Siblings> where = new ArrayList<>();
        for (int i = 0; i < streams.size(); i++) {
            JsonNode s = streams.get(i);
            String name = s.isArray() ? s.path(0).asText() : s.path("name").asText();
            String hash = s.isArray() ? s.path(1).asText() : s.path("hash").asText();
            FileRegion meta;
            try {
                meta = siblings.find(name + SigmfFiles.META);
                if (meta == null) {
                    throw new CaptureException(f, "collection.core:streams[" + i + "]", "its recording " + name
                            + SigmfFiles.META + " does not exist" + (file.inArchive() ? " in the archive" : ""));
                }
                if (!meta.sha512Hex().equalsIgnoreCase(hash)) {
                    throw new CaptureException(f, "collection.core:streams[" + i + "].hash", meta.name()
                            + " does not match the hash the collection gives for it: the recording was changed "
                            + "after the collection was written");
                }
            } catch (IOException e) {
                throw new CaptureException(f, "collection.core:streams[" + i + "]", "cannot read " + name
                        + SigmfFiles.META + ": " + e.getMessage(), e);
            }
            Recording.Siblings beside = besideOf.apply(meta);
            where.add(beside);
            recs.add(Recording.open(meta, beside, i == 0 ? truth : null));
        }
        boolean indexed = recs.stream().allMatch(r -> r.channelIndex() >= 0);
        List<Recording> ordered = indexed ? recs.stream().sorted(Comparator.comparingInt(Recording::channelIndex))
                .toList() : recs;
        int total = ordered.stream().mapToInt(Recording::numChannels).sum();
        int[] rec = new int[total];
        int[] sub = new int[total];
        int ch = 0;
        for (int r = 0; r < ordered.size(); r++) {
            Recording x = ordered.get(r);
            if (indexed && x.channelIndex() != ch) {
                throw new CaptureException(x.meta().name(), "global.spatial:channel_index", "is "
                        + x.channelIndex() + " but channel " + ch + " comes next: indices must number the channels "
                        + "0.." + (total - 1) + " once each");
            }
            for (int k = 0; k < x.numChannels(); k++, ch++) {
                rec[ch] = r;
                sub[ch] = k;
            }
        }
        if (!truth.isEmpty() && ordered.get(0) != recs.get(0)) {
            truth = new RecordedTruth.Builder();   // truth belongs to channel 0's recording; read it there
            Recording.open(ordered.get(0).meta(), where.get(recs.indexOf(ordered.get(0))), truth);
        }
        return new Capture(source, root, List.copyOf(ordered), rec, sub, rate(f, ordered), truth(truth, c));
    }

    private static RecordedTruth truth(RecordedTruth.Builder b, JsonNode collection) {
        if (b.isEmpty()) {
            return null;
        }
        String motion = collection == null ? "frozen" : collection.path(NftbKeys.TRUTH_MODEL).path("motion")
                .asText("frozen");
        return b.build("linear".equals(motion));
    }

    private static double rate(String file, List<Recording> recs) {
        double rate = recs.get(0).sampleRateHz();
        for (Recording r : recs) {
            if (!Double.isFinite(r.sampleRateHz())) {
                throw new CaptureException(r.meta().name(), "global.core:sample_rate", "missing: a replay "
                        + "needs the sample rate");
            }
            if (r.sampleRateHz() != rate) {
                throw new CaptureException(file, "", "its recordings have different sample rates (" + rate + " and "
                        + r.sampleRateHz() + " Hz); an array is sampled at one rate");
            }
        }
        return rate;
    }

    /** The file that was opened ({@code .sigmf-collection} or {@code .sigmf-meta}). */
    public Path source() { return source; }
    /** The collection document, or null for a single recording. */
    public JsonNode collection() { return collection; }
    public List<Recording> recordings() { return recordings; }
    public int channelCount() { return recordingOfChannel.length; }
    public double sampleRateHz() { return sampleRateHz; }
    /** Samples per channel a replay plays (the shortest recording). */
    public long sampleCount() { return sampleCount; }
    /** The recording holding channel {@code c}. */
    public Recording recordingOf(int c) { return recordings.get(recordingOfChannel[c]); }
    /** Index in {@link #recordings()} of the recording holding channel {@code c}. */
    public int recordingIndex(int c) { return recordingOfChannel[c]; }
    /** Channel {@code c}'s position among its recording's interleaved channels. */
    public int subChannel(int c) { return subOfChannel[c]; }
    /** The recording holding channel 0 (segments, faults, truth). */
    public Recording reference() { return recordingOf(0); }
    /** The recorded ground truth, or null. */
    public RecordedTruth truth() { return truth; }

    /** Samples held by each recording, in channel order of the recordings. */
    public long[] lengths() {
        return recordings.stream().mapToLong(Recording::sampleCount).toArray();
    }

    /** The {@code nftb} namespace value {@code key} of the collection, or a missing node. */
    public JsonNode nftb(String key) {
        return collection == null ? JSON.missingNode() : collection.path("collection").path(key);
    }

    /** True for a capture written by nftb (it embeds its hw-config and calibration). */
    public boolean isNftb() {
        return NftbKeys.FORMAT_VALUE.equals(nftb(NftbKeys.FORMAT).asText());
    }

    /** The embedded hw-config YAML, or null. */
    public String hwConfigText() {
        JsonNode t = nftb(NftbKeys.HW_CONFIG);
        return t.isTextual() ? t.asText() : null;
    }

    /** The calibration table in force when recorded, or null when the capture does not embed one. */
    public CalibrationTable calibration() {
        JsonNode cal = nftb(NftbKeys.CALIBRATION);
        if (cal.isMissingNode()) {
            return null;
        }
        try {
            return CalibrationTables.fromJson(cal.path("table"), source + " (" + NftbKeys.CALIBRATION + ", recorded "
                    + "from " + cal.path("source").asText("?") + ")");
        } catch (CalibrationException e) {
            throw new CaptureException(source.toString(), "collection." + NftbKeys.CALIBRATION, e.getMessage(), e);
        }
    }

    /**
     * The calibration tables that took effect while the capture was recorded (after the one in force at its start,
     * {@link #calibration()}), each with the sample it took effect at, in order; empty when none.
     */
    public List<CalibrationState.Change> calibrationChanges() {
        return RecordedCalibration.of(this);
    }

    /** Annotations of the reference recording with {@code key} (e.g. {@code nftb:rx_status}), in order. */
    public List<JsonNode> referenceAnnotations(String key) {
        return reference().annotations().stream().filter(a -> a.has(key)).toList();
    }
}
