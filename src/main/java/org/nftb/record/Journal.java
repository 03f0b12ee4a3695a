package org.nftb.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * The recording's journal: one JSON object per line, appended by the writer thread and handed to the kernel before
 * the samples it describes are written (so a crash never leaves samples whose segment is unknown). Entries:
 * {@code {"k":"seg","capture":{…},"frequency_hz":[…],"gain_db":[…]}} (a capture segment: its first sample in the
 * files, stream index, device time and host time, the per-channel tuning) and {@code {"k":"ann","scope":"all"|"array",
 * "a":{…}}} (an annotation for every channel, or for the array, kept in channel 0's Recording), in non-decreasing
 * {@code core:sample_start} order; and {@code {"k":"cal","stream_index":…,"version":…,"source":…,"table":{…}}} (a
 * calibration table that took effect at that stream sample: placed in the data by {@link CaptureFinisher}) and
 * {@code {"k":"drop","stream_index":…,"samples":…,"cpis":…}} (a run of CPIs the recorded run dropped, ring full:
 * placed likewise).
 */
final class Journal implements AutoCloseable {
    static final String SEGMENT = "seg";
    static final String ANNOTATION = "ann";
    static final String CALIBRATION = "cal";
    static final String DROPPED_CPIS = "drop";
    static final String ALL = "all";
    static final String ARRAY = "array";

    private final ObjectMapper json = new ObjectMapper();
    private final OutputStream out;

    Journal(Path file) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), 1 << 16);
    }

    ObjectNode entry(String kind) {
        ObjectNode n = json.createObjectNode();
        n.put("k", kind);
        return n;
    }

    void append(ObjectNode entry) throws IOException {
        out.write(json.writeValueAsBytes(entry));
        out.write('\n');
    }

    /** Hands what was appended to the kernel (it survives a killed process). */
    void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /**
     * Reads a journal: each complete entry in order; a last line cut short by a crash is ignored.
     *
     * @return entries read
     */
    static long read(Path file, Consumer<JsonNode> entry) throws IOException {
        ObjectMapper json = new ObjectMapper();
        long n = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            String pending = null;
            while ((line = r.readLine()) != null) {
                if (pending != null) {
                    entry.accept(json.readTree(pending));
                    n++;
                }
                pending = line.isBlank() ? null : line;
            }
            if (pending != null) {
                try {
                    entry.accept(json.readTree(pending));
                    n++;
                } catch (JsonProcessingException torn) {
                    // the process died while writing this line: nothing after it exists
                }
            }
        }
        return n;
    }
}
