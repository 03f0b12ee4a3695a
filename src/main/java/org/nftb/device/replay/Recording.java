package org.nftb.device.replay;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nftb.model.TargetState;
import org.nftb.sigmf.CaptureException;
import org.nftb.sigmf.Datatype;
import org.nftb.sigmf.FileRegion;
import org.nftb.sigmf.NftbKeys;
import org.nftb.sigmf.SigmfFiles;
import org.nftb.sigmf.SigmfSchemas;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One SigMF Recording (a {@code .sigmf-meta} and its dataset), opened and checked: metadata validated against the
 * SigMF schema, datatype understood, the dataset a whole number of samples of every interleaved channel
 * ({@code core:num_channels}), {@code core:sha512} verified, segments and annotations inside the data, nftb's own
 * sample count matched. Every failure is a {@link CaptureException} naming the file and the field.
 *
 * <p>Fields nftb does not use — other extensions included — are kept: {@link #global()}, the capture segments and the
 * annotations other than the ground truth are available as read.
 */
public final class Recording {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN_EXTENSIONS = Set.of(NftbKeys.SPATIAL, NftbKeys.EXTENSION);

    private final FileRegion meta;
    private final FileRegion data;
    private final ObjectNode global;
    private final JsonNode captures;
    private final List<JsonNode> annotations;
    private final Datatype datatype;
    private final int numChannels;
    private final long sampleCount;
    private final double sampleRateHz;
    private final float fullScale;
    private final int channelIndex;
    private final List<Segment> segments;

    private Recording(FileRegion meta, FileRegion data, ObjectNode global, JsonNode captures, List<JsonNode> annotations,
                      Datatype datatype, int numChannels, long sampleCount, double sampleRateHz, float fullScale,
                      int channelIndex, List<Segment> segments) {
        this.meta = meta;
        this.data = data;
        this.global = global;
        this.captures = captures;
        this.annotations = annotations;
        this.datatype = datatype;
        this.numChannels = numChannels;
        this.sampleCount = sampleCount;
        this.sampleRateHz = sampleRateHz;
        this.fullScale = fullScale;
        this.channelIndex = channelIndex;
        this.segments = segments;
    }

    /** Finds a file beside a metadata file (in its directory, or its directory inside an archive); null: none. */
    interface Siblings {
        FileRegion find(String name) throws IOException;
    }

    /**
     * Opens the Recording described by {@code meta}, its dataset found by name among {@code siblings}.
     *
     * @param truth where {@code nftb:truth} annotations go (they are not kept in {@link #annotations()}), or null
     *              to keep them as annotations
     */
    static Recording open(FileRegion meta, Siblings siblings, RecordedTruth.Builder truth) {
        String file = meta.name();
        ObjectNode skeleton = JSON.createObjectNode();
        List<JsonNode> kept = new ArrayList<>();
        try (JsonParser p = JSON.createParser(meta.open())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new CaptureException(file, "", "not a SigMF metadata file: expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.getCurrentName();
                JsonToken t = p.nextToken();
                if ("annotations".equals(name) && t == JsonToken.START_ARRAY) {
                    skeleton.putArray("annotations");
                    readAnnotations(p, file, truth, kept);
                } else {
                    skeleton.set(name, p.readValueAsTree());
                }
            }
        } catch (NoSuchFileException e) {
            throw new CaptureException(file, "", "no such file");
        } catch (JsonParseException e) {
            long at = e.getLocation().getByteOffset();
            throw new CaptureException(file, "", "not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + (at >= 0 ? " (byte " + (meta.offset() + at) + " of "
                    + meta.file().getFileName() + ")" : "") + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CaptureException(file, "", "cannot read: " + e.getMessage(), e);
        }
        SigmfSchemas.checkMeta(file, skeleton);
        ObjectNode global = (ObjectNode) skeleton.get("global");
        if (NftbKeys.RECORDING.equals(global.path(NftbKeys.STATE).asText())) {
            throw new CaptureException(file, "global." + NftbKeys.STATE, "this nftb recording was not finalised (the "
                    + "recorder was killed or crashed); run nftb capture repair on its directory");
        }
        checkExtensions(file, global);
        if (global.path("core:metadata_only").asBoolean(false)) {
            throw new CaptureException(file, "global.core:metadata_only", "the recording has no samples (metadata only)");
        }
        Datatype type;
        try {
            type = Datatype.parse(global.get("core:datatype").asText());
        } catch (IllegalArgumentException e) {
            throw new CaptureException(file, "global.core:datatype", e.getMessage());
        }
        int channels = global.path("core:num_channels").asInt(1);
        FileRegion data = dataset(file, global, meta, siblings);
        long trailing = global.path("core:trailing_bytes").asLong(0);
        JsonNode captures = skeleton.get("captures");
        long frame = (long) type.sampleBytes() * channels;
        long count = sampleCount(file, data, type, channels, trailing,
                Segments.headerBytes(file, data, captures, frame, trailing));
        if (global.has(NftbKeys.SAMPLE_COUNT) && global.get(NftbKeys.SAMPLE_COUNT).asLong() != count) {
            throw new CaptureException(file, "global." + NftbKeys.SAMPLE_COUNT, "says "
                    + global.get(NftbKeys.SAMPLE_COUNT).asLong() + " samples but " + data.name() + " holds "
                    + count + " (meta and data do not belong together, or the data was cut)");
        }
        if (global.has("core:sha512")) {
            verifySha512(file, data, global.get("core:sha512").asText());
        }
        double rate = global.has("core:sample_rate") ? global.get("core:sample_rate").asDouble() : Double.NaN;
        List<Segment> segments = Segments.of(file, captures, count, rate, frame);
        for (int i = 0; i < kept.size(); i++) {
            checkInside(file, "annotations", kept.get(i), count);
        }
        float fullScale = (float) global.path(NftbKeys.FULL_SCALE).asDouble(1.0);
        return new Recording(meta, data, global, captures, List.copyOf(kept), type, channels, count, rate,
                fullScale, global.path("spatial:channel_index").asInt(-1), segments);
    }

    private static void readAnnotations(JsonParser p, String file, RecordedTruth.Builder truth, List<JsonNode> kept)
            throws IOException {
        int i = 0;
        long last = Long.MIN_VALUE;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            JsonNode a = p.readValueAsTree();
            SigmfSchemas.checkAnnotation(file, i, a);
            long start = a.get("core:sample_start").asLong();
            if (start < last) {
                throw new CaptureException(file, "annotations[" + i + "]", "core:sample_start " + start + " comes after "
                        + last + "; SigMF requires annotations sorted by core:sample_start");
            }
            last = start;
            JsonNode t = a.get(NftbKeys.TRUTH);
            if (truth != null && t != null) {
                try {
                    truth.add(t.get("state_time_ns").longValue(), t.get("target").intValue(), new TargetState(
                            t.get("x_m").doubleValue(), t.get("y_m").doubleValue(), t.get("vx_mps").doubleValue(),
                            t.get("vy_mps").doubleValue()));
                } catch (RuntimeException e) {
                    throw new CaptureException(file, "annotations[" + i + "]." + NftbKeys.TRUTH, "expected target, "
                            + "state_time_ns, x_m, y_m, vx_mps, vy_mps: " + e);
                }
            } else {
                kept.add(a);
            }
            i++;
        }
    }

    private static void checkExtensions(String file, JsonNode global) {
        int i = 0;
        for (JsonNode ext : global.path("core:extensions")) {
            String name = ext.path("name").asText();
            if (!ext.path("optional").asBoolean(true) && !KNOWN_EXTENSIONS.contains(name)) {
                throw new CaptureException(file, "global.core:extensions[" + i + "]", "the recording requires "
                        + "extension '" + name + "' (optional: false), which nftb does not implement");
            }
            i++;
        }
    }

    /** The dataset: {@code core:dataset} (a Non-Conforming Dataset) or the {@code .sigmf-data} of the same name. */
    private static FileRegion dataset(String file, JsonNode global, FileRegion meta, Siblings siblings) {
        String name = global.has("core:dataset") ? global.get("core:dataset").asText() : base(meta) + SigmfFiles.DATA;
        try {
            FileRegion d = siblings.find(name);
            if (d == null) {
                throw new CaptureException(file, global.has("core:dataset") ? "global.core:dataset" : "", "its dataset "
                        + name + " does not exist" + (meta.inArchive() ? " in the archive" : ""));
            }
            return d;
        } catch (IOException e) {
            throw new CaptureException(file, "", "cannot read its dataset " + name + ": " + e.getMessage(), e);
        }
    }

    private static long sampleCount(String file, FileRegion data, Datatype type, int channels, long trailing,
                                    long headers) {
        long bytes = data.length();
        long frame = (long) type.sampleBytes() * channels;
        long usable = bytes - trailing - headers;
        if (usable < 0 || usable % frame != 0) {
            throw new CaptureException(data.name(), "", "truncated: " + bytes + " bytes" + (trailing + headers > 0
                    ? " less " + headers + " header and " + trailing + " trailing bytes" : "") + " is not a whole "
                    + "number of samples of " + frame + " bytes (" + type + " x " + channels + " channel(s)); its last "
                    + "sample is cut short. If this is an interrupted nftb recording, run nftb capture repair on its "
                    + "directory");
        }
        return usable / frame;
    }

    private static void verifySha512(String file, FileRegion data, String expected) {
        String actual;
        try {
            actual = data.sha512Hex();
        } catch (IOException e) {
            throw new CaptureException(file, "global.core:sha512", "cannot read " + data.name() + ": " + e.getMessage(),
                    e);
        }
        if (!actual.equalsIgnoreCase(expected)) {
            throw new CaptureException(file, "global.core:sha512", "the dataset " + data.name()
                    + " does not match its hash (SHA-512 " + actual.substring(0, 16) + "… instead of "
                    + expected.substring(0, Math.min(16, expected.length())) + "…): it was changed or damaged");
        }
    }

    private static void checkInside(String file, String list, JsonNode a, long count) {
        long start = a.get("core:sample_start").asLong();
        long n = a.path("core:sample_count").asLong(0);
        if (start > count || start + n > count) {
            throw new CaptureException(file, list + " (core:sample_start " + start + ")", "covers samples " + start
                    + ".." + (start + n) + " but the dataset holds " + count + " (meta and data do not match)");
        }
    }

    private static String base(FileRegion meta) {
        String n = meta.name().endsWith("]") ? meta.name().substring(0, meta.name().length() - 1) : meta.name();
        n = n.substring(Math.max(n.lastIndexOf('/'), Math.max(n.lastIndexOf('['), n.lastIndexOf('\\'))) + 1);
        return n.endsWith(SigmfFiles.META) ? n.substring(0, n.length() - SigmfFiles.META.length()) : n;
    }

    /** The metadata: a file, or a member of an archive. */
    public FileRegion meta() { return meta; }
    /** The dataset: a file, or a member of an archive. */
    public FileRegion data() { return data; }
    /** The file holding the metadata (the archive, for a Recording inside one). */
    public Path metaFile() { return meta.file(); }
    /** The file holding the dataset (the archive, for a Recording inside one). */
    public Path dataFile() { return data.file(); }
    /** The {@code global} object as read (every key kept). */
    public ObjectNode global() { return global; }
    /** The {@code captures} array as read. */
    public JsonNode captures() { return captures; }
    /** Annotations as read, except ground truth taken into a {@link RecordedTruth}. */
    public List<JsonNode> annotations() { return annotations; }
    public Datatype datatype() { return datatype; }
    /** Interleaved channels in the dataset ({@code core:num_channels}). */
    public int numChannels() { return numChannels; }
    /** Samples per channel. */
    public long sampleCount() { return sampleCount; }
    /** {@code core:sample_rate}, or NaN when absent. */
    public double sampleRateHz() { return sampleRateHz; }
    /** Multiplier applied to decoded samples ({@code nftb:full_scale}, 1 when absent). */
    public float fullScale() { return fullScale; }
    /** {@code spatial:channel_index}, or −1. */
    public int channelIndex() { return channelIndex; }
    /** Capture segments, the first at sample 0. */
    public List<Segment> segments() { return segments; }

    /** The segment that holds sample {@code s}. */
    public Segment segmentAt(long s) {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (segments.get(mid).sampleStart() <= s) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return segments.get(lo);
    }
}
