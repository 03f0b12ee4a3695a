package org.nftb.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nftb.sigmf.CaptureException;
import org.nftb.sigmf.Datatype;
import org.nftb.sigmf.NftbKeys;
import org.nftb.sigmf.SigmfFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Completes a capture's metadata from its provisional files and its journal: at the end of a recording, and after a
 * crash ({@code nftb capture repair}). One code path for both, so a repaired capture is laid out exactly as a
 * finished one.
 *
 * <p>Per channel: {@code core:sha512} (from the writer's running digest, or read back from the file), the sample
 * count, the capture segments of the journal that begin inside the data, and the annotations (every channel gets
 * the array-wide faults and gaps; channel 0 also the per-CPI ground truth, streamed so that no annotation list is
 * held in memory), each clipped to the samples actually in the file. Fields the finisher does not manage — including
 * extensions it does not know — are kept as they are. Then the collection gets the hashes of the new
 * {@code .sigmf-meta} files, and the journal is removed. Every file is replaced atomically, so an interrupted finish
 * can simply be run again.
 */
public final class CaptureFinisher {
    private static final Set<String> SEGMENT_KEYS = Set.of("core:sample_start", "core:global_index", "core:datetime",
            "core:frequency", NftbKeys.DEVICE_TIME, NftbKeys.GAIN);

    private CaptureFinisher() {
    }

    /**
     * Finalises a recording that stopped normally.
     *
     * @param sha512    the data digest per channel (null values: recorded without one), or null to read each
     *                  file back (after a write error)
     * @param stoppedBy the write error that ended the recording early, or null
     */
    static void finishRecording(CaptureLayout layout, IntFunction<String> sha512, long dropped, long clipped,
                                String stoppedBy) throws IOException {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < layout.channels(); c++) {
            names.add(layout.channelName(c));
        }
        ObjectNode extra = SigmfFiles.json().createObjectNode();
        extra.put(NftbKeys.DROPPED, dropped);
        extra.put(NftbKeys.CLIPPED, clipped);
        if (stoppedBy != null) {
            extra.put(NftbKeys.STOPPED_BY, stoppedBy);
        }
        finish(layout.dir(), layout.collection(), layout.journal(), names, sha512, NftbKeys.COMPLETE, extra,
                new long[1]);
    }

    /**
     * Repairs an interrupted nftb recording: data files cut inside a sample are truncated to whole samples, and the
     * metadata is rebuilt from the journal with every whole sample the files hold.
     *
     * @param collection the capture's {@code .sigmf-collection}
     * @return what was done, one line
     * @throws CaptureException when it is not an nftb recording, or is already complete
     */
    public static String repair(Path collection) throws IOException {
        JsonNode root = SigmfFiles.json().readTree(collection.toFile());
        JsonNode c = root.path("collection");
        String file = collection.toString();
        if (!NftbKeys.FORMAT_VALUE.equals(c.path(NftbKeys.FORMAT).asText())) {
            throw new CaptureException(file, "collection." + NftbKeys.FORMAT, "not an nftb recording; capture repair "
                    + "completes interrupted nftb recordings only");
        }
        String base = collection.getFileName().toString();
        base = base.substring(0, base.length() - SigmfFiles.COLLECTION.length());
        Path journal = collection.resolveSibling(base + ".nftb-journal");
        String state = c.path(NftbKeys.STATE).asText();
        if (!NftbKeys.RECORDING.equals(state) && !Files.exists(journal)) {
            throw new CaptureException(file, "collection." + NftbKeys.STATE, "the capture is " + state
                    + "; there is nothing to repair");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode s : c.path("core:streams")) {
            names.add(s.isArray() ? s.path(0).asText() : s.path("name").asText());
        }
        if (names.isEmpty()) {
            throw new CaptureException(file, "collection.core:streams", "lists no recordings; cannot repair");
        }
        ObjectNode extra = SigmfFiles.json().createObjectNode();
        long[] cut = new long[1];
        finish(collection.getParent(), collection, journal, names, null, NftbKeys.REPAIRED, extra, cut);
        return names.size() + " recordings finalised from the journal" + (cut[0] > 0 ? "; " + cut[0]
                + " bytes of samples cut short by the interruption removed" : "; no partial samples");
    }

    private static void finish(Path dir, Path collection, Path journal, List<String> names, IntFunction<String> sha512,
                               String state, ObjectNode extra, long[] cutBytes) throws IOException {
        boolean haveJournal = Files.exists(journal);
        JournalEntries entries = haveJournal ? JournalEntries.read(journal) : JournalEntries.NONE;
        List<JsonNode> segments = entries.segments();
        List<Long> lengths = new ArrayList<>();
        ArrayNode streams = SigmfFiles.json().createArrayNode();
        for (int ch = 0; ch < names.size(); ch++) {
            Path metaFile = dir.resolve(names.get(ch) + SigmfFiles.META);
            Path dataFile = dir.resolve(names.get(ch) + SigmfFiles.DATA);
            ObjectNode meta = (ObjectNode) SigmfFiles.json().readTree(metaFile.toFile());
            ObjectNode global = (ObjectNode) meta.get("global");
            Datatype type = Datatype.parse(global.path("core:datatype").asText());
            long length = wholeSamples(dataFile, type, cutBytes);
            lengths.add(length);
            String hash = sha512 != null ? sha512.apply(ch) : SigmfFiles.sha512Hex(dataFile);
            if (hash != null) {
                global.put("core:sha512", hash);
            }
            global.put(NftbKeys.SAMPLE_COUNT, length);
            global.put(NftbKeys.STATE, state);
            ArrayNode captures = captures(meta, segments, ch, length);
            List<JsonNode> changes = ch == 0 ? placedAnnotations(entries.calibrations(), entries.drops(), segments,
                    length) : List.of();
            int channel = ch;
            MessageDigest md = SigmfFiles.sha512();
            SigmfFiles.writeAtomically(metaFile, out -> {
                DigestOutputStream d = new DigestOutputStream(out, md);
                JsonGenerator g = SigmfFiles.generator(d);
                g.writeStartObject();
                g.writeObjectField("global", global);
                g.writeObjectField("captures", captures);
                g.writeArrayFieldStart("annotations");
                if (channel == 0 && haveJournal) {
                    int[] next = {0};   // calibration changes and drops merged in sample order, as SigMF requires
                    Journal.read(journal, e -> {
                        if (Journal.ANNOTATION.equals(e.path("k").asText())) {
                            long start = e.get("a").path("core:sample_start").asLong();
                            while (next[0] < changes.size()
                                    && changes.get(next[0]).get("core:sample_start").asLong() <= start) {
                                writeClipped(g, changes.get(next[0]++), length);
                            }
                            writeClipped(g, e.get("a"), length);
                        }
                    });
                    while (next[0] < changes.size()) {
                        writeClipped(g, changes.get(next[0]++), length);
                    }
                } else {
                    for (JsonNode a : entries.forAll()) {
                        writeClipped(g, a, length);
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
                g.flush();
            });
            streams.addObject().put("name", names.get(ch)).put("hash", SigmfFiles.hex(md.digest()));
        }
        ObjectNode root = (ObjectNode) SigmfFiles.json().readTree(collection.toFile());
        ObjectNode c = (ObjectNode) root.get("collection");
        c.set("core:streams", streams);
        c.put(NftbKeys.STATE, state);
        c.setAll(extra);
        if (NftbKeys.REPAIRED.equals(state)) {
            long min = lengths.stream().mapToLong(Long::longValue).min().orElse(0);
            long max = lengths.stream().mapToLong(Long::longValue).max().orElse(0);
            c.put(NftbKeys.REPAIR_NOTE, "the recording was interrupted; its metadata was rebuilt by nftb capture repair "
                    + "at " + Instant.now() + " from the journal" + (haveJournal ? "" : " (none: segments and "
                    + "annotations unknown)") + "; channels hold " + (min == max ? min + " samples each"
                    : min + " to " + max + " samples (a replay plays the first " + min + ")")
                    + (cutBytes[0] > 0 ? "; " + cutBytes[0] + " bytes of samples cut short were removed" : ""));
        }
        SigmfFiles.writeJsonAtomically(collection, root);
        Files.deleteIfExists(journal);
    }

    /**
     * What a journal holds, by kind: capture segments, annotations for every channel ({@code forAll}), calibration
     * changes and runs of dropped CPIs (the last two placed in channel 0 by {@link #placedAnnotations}).
     */
    private record JournalEntries(List<JsonNode> segments, List<JsonNode> forAll, List<JsonNode> calibrations,
                                  List<JsonNode> drops) {
        static final JournalEntries NONE = new JournalEntries(List.of(), List.of(), List.of(), List.of());

        static JournalEntries read(Path journal) throws IOException {
            JournalEntries e = new JournalEntries(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>());
            Journal.read(journal, entry -> {
                if (Journal.SEGMENT.equals(entry.path("k").asText())) {
                    e.segments.add(entry);
                } else if (Journal.CALIBRATION.equals(entry.path("k").asText())) {
                    e.calibrations.add(entry);
                } else if (Journal.DROPPED_CPIS.equals(entry.path("k").asText())) {
                    e.drops.add(entry);
                } else if (Journal.ALL.equals(entry.path("scope").asText())) {
                    e.forAll.add(entry.get("a"));
                }
            });
            return e;
        }
    }

    /**
     * The whole samples in {@code dataFile} (created empty when missing): a partial sample at its end (an
     * interrupted write) is cut off and its bytes added to {@code cutBytes[0]}.
     */
    private static long wholeSamples(Path dataFile, Datatype type, long[] cutBytes) throws IOException {
        long bytes = Files.exists(dataFile) ? Files.size(dataFile) : 0;
        long partial = bytes % type.sampleBytes();
        if (partial != 0) {
            try (FileChannel f = FileChannel.open(dataFile, StandardOpenOption.WRITE)) {
                f.truncate(bytes - partial);
                f.force(true);
            }
            cutBytes[0] += partial;
        }
        if (!Files.exists(dataFile)) {
            Files.createFile(dataFile);
        }
        return (bytes - partial) / type.sampleBytes();
    }

    /** Channel {@code ch}'s capture segments: the template's fixed fields with each journal segment inside the data. */
    private static ArrayNode captures(ObjectNode meta, List<JsonNode> segments, int ch, long length) {
        ObjectNode template = SigmfFiles.json().createObjectNode();
        JsonNode first = meta.path("captures").path(0);
        for (Iterator<String> it = first.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!SEGMENT_KEYS.contains(k)) {
                template.set(k, first.get(k));
            }
        }
        ArrayNode out = SigmfFiles.json().createArrayNode();
        for (JsonNode seg : segments) {
            JsonNode cap = seg.get("capture");
            long start = cap.path("core:sample_start").asLong();
            if (start >= length && !(start == 0 && out.isEmpty())) {
                continue;
            }
            ObjectNode s = out.addObject();
            s.setAll((ObjectNode) cap);
            double f = number(seg.path("frequency_hz").path(ch));
            if (Double.isFinite(f)) {
                s.put("core:frequency", f);
            }
            double g = number(seg.path("gain_db").path(ch));
            if (Double.isFinite(g)) {
                s.put(NftbKeys.GAIN, g);
            }
            s.setAll(template);
        }
        if (out.isEmpty()) {
            out.addObject().put("core:sample_start", 0).setAll(template);
        }
        return out;
    }

    /** The calibration changes and the runs of dropped CPIs as annotations of channel 0, in sample order. */
    private static List<JsonNode> placedAnnotations(List<JsonNode> calibrations, List<JsonNode> drops,
                                                    List<JsonNode> segments, long length) {
        List<JsonNode> out = calibrationAnnotations(calibrations, segments, length);
        out.addAll(dropAnnotations(drops, segments, length));
        out.sort(Comparator.comparingLong(a -> a.get("core:sample_start").asLong()));
        return out;
    }

    /**
     * Annotations (channel 0) of the runs of CPIs the recorded run dropped because its ring was full
     * ({@link NftbKeys#CPIS_DROPPED}: {@code stream_index}, {@code samples}, {@code cpis}), each over the samples of
     * those CPIs; a run whose first sample was not recorded is left out (a replay then estimates those CPIs).
     */
    private static List<JsonNode> dropAnnotations(List<JsonNode> entries, List<JsonNode> segments, long length) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : entries) {
            long index = e.path("stream_index").asLong();
            long samples = e.path("samples").asLong();
            long at = fileSampleOf(segments, index, length);
            if (at < 0 || streamIndexOf(segments, at) != index) {
                continue;
            }
            ObjectNode a = SigmfFiles.json().createObjectNode();
            a.put("core:sample_start", at);
            a.put("core:sample_count", Math.min(samples, length - at));
            a.put("core:label", "CPIs dropped");
            a.put("core:comment", e.path("cpis").asLong() + " CPIs from stream sample " + index + " were not "
                    + "estimated by the recorded run (its CPI ring was full); a replay drops them again");
            ObjectNode d = a.putObject(NftbKeys.CPIS_DROPPED);
            d.put("stream_index", index);
            d.put("samples", samples);
            d.put("cpis", e.path("cpis").asLong());
            d.put("reason", "ring_full");
            out.add(a);
        }
        return out;
    }

    /** The stream index of file sample {@code at} (inside the data). */
    private static long streamIndexOf(List<JsonNode> segments, long at) {
        long index = -1;
        for (JsonNode seg : segments) {
            JsonNode cap = seg.get("capture");
            if (cap.path("core:sample_start").asLong() <= at) {
                index = cap.path("core:global_index").asLong() + at - cap.path("core:sample_start").asLong();
            }
        }
        return index;
    }

    /**
     * Annotations (channel 0) of the calibration tables that took effect while recording, each at the first sample
     * of the CPI where it did — or, when that CPI was not recorded, at the next sample that was — in sample order;
     * a change after the last sample recorded affected none and is left out.
     */
    private static List<JsonNode> calibrationAnnotations(List<JsonNode> entries, List<JsonNode> segments,
                                                         long length) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : entries) {
            long index = e.path("stream_index").asLong();
            long at = fileSampleOf(segments, index, length);
            if (at < 0) {
                continue;
            }
            ObjectNode a = SigmfFiles.json().createObjectNode();
            a.put("core:sample_start", at);
            a.put("core:label", "calibration v" + e.path("version").asLong());
            a.put("core:comment", "calibration table version " + e.path("version").asLong() + " (" + e.path("source")
                    .asText() + ") in force from the CPI beginning at stream sample " + index);
            ObjectNode c = a.putObject(NftbKeys.CALIBRATION_CHANGE);
            c.put("version", e.path("version").asLong());
            c.put("stream_index", index);
            c.put("source", e.path("source").asText());
            c.set("table", e.get("table"));
            out.add(a);
        }
        out.sort(Comparator.comparingLong(a -> a.get("core:sample_start").asLong()));
        return out;
    }

    /** The file sample holding stream sample {@code index} (or the next one recorded after a gap), or −1: none. */
    private static long fileSampleOf(List<JsonNode> segments, long index, long length) {
        for (int i = 0; i < segments.size(); i++) {
            JsonNode cap = segments.get(i).get("capture");
            long start = cap.path("core:sample_start").asLong();
            long global = cap.path("core:global_index").asLong();
            long end = i + 1 < segments.size() ? segments.get(i + 1).get("capture").path("core:sample_start").asLong()
                    : length;
            if (index < global) {
                return start < length ? start : -1;
            }
            if (index - global < end - start) {
                return start + (index - global);
            }
        }
        return -1;
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static void writeClipped(JsonGenerator g, JsonNode a, long length) {
        long start = a.path("core:sample_start").asLong();
        if (start > length) {
            return;
        }
        try {
            if (a.has("core:sample_count") && start + a.get("core:sample_count").asLong() > length) {
                ObjectNode clipped = ((ObjectNode) a).deepCopy();
                clipped.put("core:sample_count", length - start);
                g.writeTree(clipped);
            } else {
                g.writeTree(a);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
