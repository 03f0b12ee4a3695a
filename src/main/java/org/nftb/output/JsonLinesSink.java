package org.nftb.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.nftb.config.FaultPlan;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.TargetEstimate;
import org.nftb.model.PolarState;
import org.nftb.model.TargetState;
import org.nftb.sequential.RecordWriter;
import org.nftb.sequential.StageRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Map;

/**
 * Writes one JSON object per line: {@code start}, {@code estimate}, {@code calibration}, {@code calibrationWatch},
 * {@code health}, {@code fault}, {@code inject}, {@code control}, {@code summary} (the last two in {@link OperatorRecords}) and the
 * sequential stage's records (e.g. {@code track}), as the versioned schema {@value #SCHEMA} defines
 * ({@code src/main/resources/schema/}). Each record is generated into a reused buffer and written with one call, then
 * flushed, so a crash or a full disk loses at most the record being written. Write failures become
 * {@link OutputException} naming the destination.
 */
public final class JsonLinesSink implements RecordSink {
    /** Schema identifier written in the {@code start} record. */
    public static final String SCHEMA = "nftb-records/1";

    /** The record being generated; its bytes are written with one call. */
    private static final class RecordBuffer extends ByteArrayOutputStream {
        RecordBuffer() {
            super(4096);
        }

        ByteBuffer view() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }

    private final RecordBuffer buffer = new RecordBuffer();
    private final Fields fields = new Fields();
    private final FileChannel file;
    private final JsonGenerator json;
    private final OutputStream stream;
    private final String destination;
    private final boolean closeStream;
    private List<String> diagnosticNames = List.of();
    private long written;

    /**
     * @param stream       where to write
     * @param destination  its name for error messages (a path or "stdout")
     * @param closeStream  whether {@link #close()} closes the stream (false for stdout)
     */
    public JsonLinesSink(OutputStream stream, String destination, boolean closeStream) {
        this(stream, null, destination, closeStream);
    }

    /**
     * Records to a file: a record that fails half-written (a full disk) is cut off again, so the file always ends
     * with a whole line. The channel is closed by {@link #close()}.
     */
    public JsonLinesSink(FileChannel file, String destination) {
        this(null, file, destination, true);
    }

    private JsonLinesSink(OutputStream stream, FileChannel file, String destination, boolean closeStream) {
        this.file = file;
        try {
            JsonFactory factory = new JsonFactory();
            factory.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            factory.setRootValueSeparator(null);   // we end each record with '\n' ourselves
            this.json = factory.createGenerator(buffer, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new OutputException("cannot write records to " + destination + ": " + e.getMessage(), e);
        }
        this.stream = stream;
        this.destination = destination;
        this.closeStream = closeStream;
    }

    @Override
    public void start(RunInfo info) {
        diagnosticNames = info.diagnostics();
        try {
            json.writeStartObject();
            json.writeStringField("type", "start");
            json.writeStringField("schema", SCHEMA);
            json.writeStringField("config", info.config());
            json.writeStringField("name", info.name());
            json.writeStringField("device", info.device());
            json.writeObjectFieldStart("estimator");
            json.writeStringField("type", info.estimator());
            json.writeStringField("frontEnd", info.frontEnd());
            json.writeArrayFieldStart("diagnostics");
            for (String d : info.diagnostics()) {
                json.writeString(d);
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeObjectFieldStart("calibration");
            json.writeNumberField("version", 1);
            json.writeStringField("table", info.calibration());
            json.writeEndObject();
            json.writeObjectFieldStart("pipeline");
            json.writeNumberField("workers", info.workers());
            json.writeStringField("ringMode", info.ringMode());
            json.writeNumberField("ringSlots", info.ringSlots());
            json.writeEndObject();
            json.writeStringField("transmit", info.transmit());
            if (info.sequential() != null) {
                json.writeStringField("sequential", info.sequential());
            }
            json.writeArrayFieldStart("warnings");
            for (String w : info.warnings()) {
                json.writeString(w);
            }
            json.writeEndArray();
            json.writeEndObject();
            endRecord();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void estimate(EstimateRecord r) {
        try {
            json.writeStartObject();
            json.writeStringField("type", "estimate");
            json.writeNumberField("seq", r.sequence());
            json.writeNumberField("cpiTimeNanos", r.cpiTimeNanos());
            json.writeNumberField("stateTimeNanos", r.stateTimeNanos());
            json.writeNumberField("calibrationVersion", r.calibrationVersion());
            json.writeNumberField("latencyNanos", r.latencyNanos());
            json.writeArrayFieldStart("targets");
            EstimateFrame f = r.targets();
            for (int k = 0; k < f.targetCount(); k++) {
                writeTarget(f.target(k));
            }
            json.writeEndArray();
            if (r.truth() != null) {
                json.writeArrayFieldStart("truth");
                for (int k = 0; k < r.truth().size(); k++) {
                    writeTruth(r.truth().get(k), r.truthPolar(k));
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            endRecord();
        } catch (IOException ex) {
            throw failure(ex);
        }
    }

    private void writeTarget(TargetEstimate t) throws IOException {
        json.writeStartObject();
        json.writeNumberField("angleRad", t.angleRad());
        json.writeNumberField("angleDeg", Math.toDegrees(t.angleRad()));
        json.writeNumberField("rangeM", t.rangeM());
        json.writeNumberField("radialVelocityMps", t.radialVelocityMps());
        json.writeNumberField("transverseVelocityMps", t.transverseVelocityMps());
        json.writeNumberField("xM", t.xM());
        json.writeNumberField("yM", t.yM());
        json.writeNumberField("vxMps", t.vxMps());
        json.writeNumberField("vyMps", t.vyMps());
        if (t.hasCovariance()) {
            json.writeObjectFieldStart("covariance");
            json.writeStringField("bound", t.covarianceBound());
            json.writeFieldName("polar");
            writeMatrix(t, true, false);
            json.writeFieldName("cartesian");
            writeMatrix(t, false, false);
            if (t.referenceBound() != null) {
                json.writeObjectFieldStart("reference");
                json.writeStringField("bound", t.referenceBound());
                json.writeFieldName("polar");
                writeMatrix(t, true, true);
                json.writeFieldName("cartesian");
                writeMatrix(t, false, true);
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        json.writeObjectFieldStart("quality");
        writeNumberOrNull("fitAchieved", t.fitAchieved());
        writeNumberOrNull("fitExpected", t.fitExpected());
        writeNumberOrNull("snrDb", t.snrDb());
        json.writeBooleanField("consistent", t.consistent());
        json.writeEndObject();
        json.writeObjectFieldStart("diagnostics");
        for (int i = 0; i < t.diagnosticCount() && i < diagnosticNames.size(); i++) {
            writeNumberOrNull(diagnosticNames.get(i), t.diagnostic(i));
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private void writeMatrix(TargetEstimate t, boolean polar, boolean reference) throws IOException {
        json.writeStartArray();
        for (int i = 0; i < 4; i++) {
            json.writeStartArray();
            for (int j = 0; j < 4; j++) {
                double v = reference ? (polar ? t.referencePolarCovariance(i, j) : t.referenceCartesianCovariance(i, j))
                        : polar ? t.polarCovariance(i, j) : t.cartesianCovariance(i, j);
                if (Double.isNaN(v)) {
                    json.writeNull();    // an entry the estimator does not know (position-only estimators)
                } else {
                    json.writeNumber(v);
                }
            }
            json.writeEndArray();
        }
        json.writeEndArray();
    }

    private void writeTruth(TargetState s, PolarState p) throws IOException {
        json.writeStartObject();
        json.writeNumberField("angleRad", p.angleRad());
        json.writeNumberField("rangeM", p.rangeM());
        json.writeNumberField("radialVelocityMps", p.radialVelocityMps());
        json.writeNumberField("transverseVelocityMps", p.transverseVelocityMps());
        json.writeNumberField("xM", s.xM());
        json.writeNumberField("yM", s.yM());
        json.writeNumberField("vxMps", s.vxMps());
        json.writeNumberField("vyMps", s.vyMps());
        json.writeEndObject();
    }

    /** JSON has no NaN: an unknown number is written as null. */
    private void writeNumberOrNull(String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            json.writeNumberField(name, v);
        } else {
            json.writeNullField(name);
        }
    }

    @Override
    public void calibration(long sequence, long version, String table) {
        try {
            json.writeStartObject();
            json.writeStringField("type", "calibration");
            json.writeNumberField("seq", sequence);
            json.writeNumberField("version", version);
            json.writeStringField("table", table);
            json.writeEndObject();
            endRecord();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void calibrationWatch(CalibrationWatchRecord r) {
        try {
            json.writeStartObject();
            json.writeStringField("type", "calibrationWatch");
            json.writeNumberField("seq", r.sequence());
            json.writeNumberField("version", r.version());
            json.writeNumberField("cpis", r.cpis());
            json.writeNumberField("skipped", r.skipped());
            json.writeNumberField("rmsPhaseDeg", r.rmsPhaseDeg());
            json.writeNumberField("rmsAmplitudeDb", r.rmsAmplitudeDb());
            json.writeNumberField("phaseBoundDeg", r.phaseBoundDeg());
            json.writeNumberField("amplitudeBoundDb", r.amplitudeBoundDb());
            numbers("phaseDeg", r.phaseDeg());
            numbers("amplitudeDb", r.amplitudeDb());
            numbers("phaseStdDeg", r.phaseStdDeg());
            json.writeArrayFieldStart("exceeded");
            for (int e : r.exceeded()) {
                json.writeNumber(e);
            }
            json.writeEndArray();
            json.writeNumberField("offeredVersion", r.offeredVersion());
            json.writeEndObject();
            endRecord();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private void numbers(String name, double[] values) throws IOException {
        json.writeArrayFieldStart(name);
        for (double v : values) {
            if (Double.isFinite(v)) {
                json.writeNumber(v);
            } else {
                json.writeNull();
            }
        }
        json.writeEndArray();
    }

    @Override
    public void stage(long sequence, long stateTimeNanos, StageRecord record) {
        try {
            json.writeStartObject();
            json.writeStringField("type", record.type());
            json.writeNumberField("seq", sequence);
            json.writeNumberField("stateTimeNanos", stateTimeNanos);
            record.write(fields);
            json.writeEndObject();
            endRecord();
        } catch (IOException | UncheckedIOException e) {
            throw failure(e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        }
    }

    /**
     * A stage record's fields into the generator. I/O failures leave as {@link UncheckedIOException} (the interface
     * has no checked exceptions); no lambda per field, so writing a record allocates only what Jackson does.
     */
    private final class Fields implements RecordWriter {
        @Override
        public void number(String name, double value) {
            try {
                writeNumberOrNull(name, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void integer(String name, long value) {
            try {
                json.writeNumberField(name, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void text(String name, String value) {
            try {
                json.writeStringField(name, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void bool(String name, boolean value) {
            try {
                json.writeBooleanField(name, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void numbers(String name, double[] values, int count) {
            try {
                json.writeArrayFieldStart(name);
                writeRow(values, 0, count);
                json.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void matrix(String name, double[] values, int rows, int columns) {
            try {
                json.writeArrayFieldStart(name);
                for (int i = 0; i < rows; i++) {
                    json.writeStartArray();
                    writeRow(values, i * columns, columns);
                    json.writeEndArray();
                }
                json.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void writeRow(double[] values, int from, int count) throws IOException {
            for (int i = from; i < from + count; i++) {
                if (Double.isFinite(values[i])) {
                    json.writeNumber(values[i]);
                } else {
                    json.writeNull();
                }
            }
        }

        @Override
        public void beginArray(String name) {
            try {
                json.writeArrayFieldStart(name);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void beginElement() {
            try {
                json.writeStartObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void endElement() {
            endObject();
        }

        @Override
        public void endArray() {
            try {
                json.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void beginObject(String name) {
            try {
                json.writeObjectFieldStart(name);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void endObject() {
            try {
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void health(HealthSnapshot h) {
        try {
            json.writeStartObject();
            json.writeStringField("type", "health");
            json.writeBooleanField("final", h.isFinal());
            json.writeNumberField("elapsedS", h.elapsedS());
            json.writeNumberField("samplesReceived", h.samplesReceived());
            json.writeNumberField("cpisPublished", h.cpisPublished());
            json.writeNumberField("cpisProcessed", h.cpisProcessed());
            json.writeNumberField("cpisRejected", h.cpisRejected());
            json.writeNumberField("targetsUnresolved", h.targetsUnresolved());
            json.writeNumberField("cpisDroppedRingFull", h.cpisDroppedRingFull());
            json.writeNumberField("cpisDroppedGap", h.cpisDroppedGap());
            json.writeNumberField("cpisDroppedAsRecorded", h.cpisDroppedAsRecorded());
            json.writeNumberField("cpisUnprocessedAtStop", h.cpisUnprocessedAtStop());
            json.writeNumberField("recordsWritten", h.recordsWritten());
            json.writeObjectFieldStart("rxFaults");
            for (Map.Entry<String, Long> f : h.rxFaults().entrySet()) {
                json.writeNumberField(f.getKey(), f.getValue());
            }
            json.writeEndObject();
            json.writeNumberField("latencyMedianNanos", h.latencyMedianNanos());
            json.writeNumberField("latencyP99Nanos", h.latencyP99Nanos());
            json.writeEndObject();
            endRecord();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void summary(RunSummary summary) {
        try {
            OperatorRecords.summary(json, summary);
            endRecord();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void control(ControlRecord control) {
        try {
            OperatorRecords.control(json, control);
            endRecord();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void fault(long sequence, String what, String where) {
        try {
            json.writeStartObject();
            json.writeStringField("type", "fault");
            json.writeNumberField("seq", sequence);
            json.writeStringField("what", what);
            json.writeStringField("where", where);
            json.writeEndObject();
            endRecord();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void inject(FaultPlan plan, FaultPlan.Fault f, double sampleRateHz) {
        try {
            json.writeStartObject();
            json.writeStringField("type", "inject");
            json.writeStringField("source", plan.source());
            json.writeNumberField("seed", plan.seed());
            json.writeStringField("item", f.item());
            json.writeStringField("kind", f.kind().key());
            json.writeNumberField("atS", f.atS());
            json.writeNumberField("firstSample", f.startSample(sampleRateHz));
            if (Double.isInfinite(f.durationS())) {
                json.writeNullField("durationS");
                json.writeNullField("endSample");
            } else {
                json.writeNumberField("durationS", f.durationS());
                json.writeNumberField("endSample", f.endSample(sampleRateHz));
            }
            if (f.channels() == null) {
                json.writeStringField("channels", "all");
            } else {
                json.writeArrayFieldStart("channels");
                for (int c : f.channels()) {
                    json.writeNumber(c);
                }
                json.writeEndArray();
            }
            json.writeNumberField("size", f.size());
            json.writeStringField("unit", f.kind().unit());
            json.writeStringField("mode", f.mode());
            if (f.kind() == FaultPlan.Kind.TONE) {
                json.writeNumberField("frequencyHz", f.frequencyHz());
                json.writeNumberField("angleDeg", Math.toDegrees(f.angleRad()));
            }
            json.writeEndObject();
            endRecord();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public long recordsWritten() {
        return written;
    }

    /** Writes the buffered record as one call, then flushes: a failure never leaves half a record behind us. */
    private void endRecord() throws IOException {
        json.writeRaw('\n');
        json.flush();
        try {
            if (file != null) {
                writeWhole(buffer.view());
            } else {
                buffer.writeTo(stream);
                stream.flush();
            }
        } finally {
            buffer.reset();
        }
        if (stream instanceof PrintStream ps && ps.checkError()) {
            throw new IOException("the stream reported a write error (closed pipe or full device?)");
        }
        written++;
    }

    private void writeWhole(ByteBuffer record) throws IOException {
        long before = file.position();
        try {
            while (record.hasRemaining()) {
                file.write(record);
            }
        } catch (IOException e) {
            try {
                file.truncate(before);   // no partial line: the file ends with the last whole record
                file.position(before);
            } catch (IOException ignored) {
                e.addSuppressed(ignored);
            }
            throw e;
        }
    }

    private OutputException failure(IOException e) {
        return new OutputException("cannot write records to " + destination + " (" + e.getMessage()
                + "); the " + written + " records written before this one are complete", e);
    }

    @Override
    public void close() {
        try {
            json.flush();
            if (file != null) {
                file.close();
            } else if (closeStream) {
                stream.close();
            }
        } catch (IOException e) {
            throw failure(e);
        }
    }
}
