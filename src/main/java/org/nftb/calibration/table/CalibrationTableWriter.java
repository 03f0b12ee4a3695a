package org.nftb.calibration.table;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The writing half of {@link CalibrationTables}: the JSON of both formats (doubles in their shortest exact form, so
 * a table written and read back gives bit-identical weights; non-finite uncertainties as null).
 */
final class CalibrationTableWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CalibrationTableWriter() {
    }

    /** The JSON form ({@value CalibrationTables#FORMAT}) of one table, as captures embed it and {@link CalibrationTables#fromJson} reads it back. */
    static ObjectNode toJson(CalibrationTable table) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", CalibrationTables.FORMAT);
        root.put("arrayId", table.arrayId());
        root.put("centerFrequencyHz", table.centerFrequencyHz());
        root.put("createdUtc", table.createdUtc().toString());
        root.put("method", table.method());
        pairs(root.putArray("response"), table.responseW());
        return root;
    }

    /** Writes {@code file} in format {@value CalibrationTables#FORMAT_2}. */
    static void write(CalibrationFile file, Path path) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", CalibrationTables.FORMAT_2);
        root.put("arrayId", file.arrayId());
        ObjectNode id = root.putObject("identity");
        id.put("hwConfigHash", file.identity().hwConfigHash());
        file.identity().devices().forEach(id.putArray("devices")::add);
        file.identity().channelMap().forEach(id.putArray("channelMap")::add);
        root.put("createdUtc", file.createdUtc().toString());
        root.put("method", file.method());
        root.put("reference", CalibrationTables.REFERENCE);
        root.put("frequencyToleranceHz", file.frequencyToleranceHz());
        ArrayNode freqs = root.putArray("frequencies");
        for (CalibrationFile.FrequencyPoint p : file.points()) {
            ObjectNode o = freqs.addObject();
            o.put("frequencyHz", p.frequencyHz());
            put(o.putObject("rx"), p.rx());
            if (p.tx() != null) {
                put(o.putObject("tx"), p.tx());
            }
            if (p.delaySamples() != null) {
                ArrayNode d = o.putArray("delaySamples");
                for (double v : p.delaySamples()) {
                    d.add(v);
                }
            }
            if (p.injected() != null) {
                put(o.putObject("injected"), p.injected());
            }
        }
        if (file.positionsM() != null) {
            pairs(root.putArray("positionsM"), file.positionsM());
        }
        ObjectNode q = root.putObject("quality");
        file.quality().forEach((k, v) -> {
            if (Double.isFinite(v)) {
                q.put(k, v);
            } else {
                q.putNull(k);
            }
        });
        file.notes().forEach(root.putArray("notes")::add);
        writeText(path, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /** Writes {@code table} in the older format {@value CalibrationTables#FORMAT} (one frequency, no identity or uncertainty). */
    static void write(CalibrationTable table, Path file) throws IOException {
        writeText(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(table)));
    }

    private static void writeText(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text);
    }

    private static void put(ObjectNode o, ChainWeights w) {
        pairs(o.putArray("response"), w.w());
        ArrayNode p = o.putArray("phaseStdDeg");
        ArrayNode a = o.putArray("amplitudeStdDb");
        for (int n = 0; n < w.chains(); n++) {
            addNumber(p, Math.toDegrees(w.phaseStdRad()[n]));
            addNumber(a, w.amplitudeStdDb()[n]);
        }
    }

    private static void addNumber(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.addNull();
        }
    }

    private static void pairs(ArrayNode a, double[] v) {
        for (int n = 0; n < v.length / 2; n++) {
            a.addArray().add(v[2 * n]).add(v[2 * n + 1]);
        }
    }
}
