package org.nftb.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.nftb.estimate.MotionEstimate;
import org.nftb.model.PolarState;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Writes one JSON object per line (schema in README.md, "Output records"): {@code start}, {@code estimate},
 * {@code health}, {@code fault}. Every record is flushed when written, so a crash or a full disk loses at most the
 * record being written. Write failures become {@link OutputException} naming the destination.
 */
public final class JsonLinesSink implements RecordSink {
    private final JsonGenerator json;
    private final OutputStream stream;
    private final String destination;
    private final boolean closeStream;

    /**
     * @param stream       where to write
     * @param destination  its name for error messages (a path or "stdout")
     * @param closeStream  whether {@link #close()} closes the stream (false for stdout)
     */
    public JsonLinesSink(OutputStream stream, String destination, boolean closeStream) {
        try {
            JsonFactory factory = new JsonFactory();
            factory.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            factory.setRootValueSeparator(null);   // we end each record with '\n' ourselves
            this.json = factory.createGenerator(stream, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new OutputException("cannot write records to " + destination + ": " + e.getMessage(), e);
        }
        this.stream = stream;
        this.destination = destination;
        this.closeStream = closeStream;
    }

    @Override
    public void start(RunInfo info) {
        try {
            json.writeStartObject();
            json.writeStringField("type", "start");
            json.writeStringField("config", info.config());
            json.writeStringField("device", info.device());
            json.writeStringField("calibration", info.calibration());
            json.writeStringField("estimator", info.estimator());
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
    public void estimate(long sequence, long cpiTimeNanos, long stateTimeNanos, MotionEstimate e, PolarState truth,
                         long latencyNanos) {
        try {
            json.writeStartObject();
            json.writeStringField("type", "estimate");
            json.writeNumberField("seq", sequence);
            json.writeNumberField("cpiTimeNanos", cpiTimeNanos);
            json.writeNumberField("stateTimeNanos", stateTimeNanos);
            json.writeNumberField("angleRad", e.angleRad());
            json.writeNumberField("angleDeg", Math.toDegrees(e.angleRad()));
            json.writeNumberField("rangeM", e.rangeM());
            json.writeNumberField("radialVelocityMps", e.radialVelocityMps());
            json.writeNumberField("transverseVelocityMps", e.transverseVelocityMps());
            json.writeNumberField("xM", e.xM());
            json.writeNumberField("yM", e.yM());
            json.writeNumberField("vxMps", e.vxMps());
            json.writeNumberField("vyMps", e.vyMps());
            json.writeObjectFieldStart("coarse");
            writePolar(e.coarse());
            json.writeEndObject();
            json.writeNumberField("fit", e.fit());
            json.writeNumberField("latencyNanos", latencyNanos);
            if (truth != null) {
                json.writeObjectFieldStart("truth");
                writePolar(truth);
                json.writeEndObject();
            }
            json.writeEndObject();
            endRecord();
        } catch (IOException ex) {
            throw failure(ex);
        }
    }

    private void writePolar(PolarState p) throws IOException {
        json.writeNumberField("angleRad", p.angleRad());
        json.writeNumberField("rangeM", p.rangeM());
        json.writeNumberField("radialVelocityMps", p.radialVelocityMps());
        json.writeNumberField("transverseVelocityMps", p.transverseVelocityMps());
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
            json.writeNumberField("cpisDroppedRingFull", h.cpisDroppedRingFull());
            json.writeNumberField("cpisDroppedGap", h.cpisDroppedGap());
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

    private void endRecord() throws IOException {
        json.writeRaw('\n');
        json.flush();
    }

    private OutputException failure(IOException e) {
        return new OutputException("cannot write records to " + destination + " (" + e.getMessage()
                + "); records written before this one are complete", e);
    }

    @Override
    public void close() {
        try {
            json.flush();
            if (closeStream) {
                stream.close();
            }
        } catch (IOException e) {
            throw failure(e);
        }
    }
}
