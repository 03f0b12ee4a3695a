package org.nftb.output;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.Map;

/** Writes the records about a run rather than its CPIs — {@code summary} and {@code control} — for {@link JsonLinesSink}. */
final class OperatorRecords {
    private OperatorRecords() {
    }

    static void summary(JsonGenerator json, RunSummary s) throws IOException {
        HealthSnapshot h = s.health();
        json.writeStartObject();
        json.writeStringField("type", "summary");
        json.writeNumberField("elapsedS", h.elapsedS());
        json.writeObjectFieldStart("cpis");
        json.writeNumberField("published", h.cpisPublished());
        json.writeNumberField("processed", h.cpisProcessed());
        json.writeNumberField("rejected", h.cpisRejected());
        json.writeObjectFieldStart("dropped");
        json.writeNumberField("ringFull", h.cpisDroppedRingFull());
        json.writeNumberField("gap", h.cpisDroppedGap());
        json.writeNumberField("asRecorded", h.cpisDroppedAsRecorded());
        json.writeNumberField("unprocessedAtStop", h.cpisUnprocessedAtStop());
        json.writeEndObject();
        json.writeNumberField("targetsUnresolved", h.targetsUnresolved());
        json.writeEndObject();
        json.writeObjectFieldStart("rxFaults");
        for (Map.Entry<String, Long> f : h.rxFaults().entrySet()) {
            json.writeNumberField(f.getKey(), f.getValue());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("latency");
        json.writeNumberField("medianNanos", s.latency().medianNanos());
        json.writeNumberField("p99Nanos", s.latency().p99Nanos());
        json.writeNumberField("maxNanos", s.latency().maxNanos());
        json.writeEndObject();
        json.writeArrayFieldStart("targets");
        for (RunSummary.Target t : s.targets()) {
            json.writeStartObject();
            json.writeNumberField("index", t.index());
            json.writeStringField("against", t.truthKnown() ? "truth" : "none");
            json.writeNumberField("estimates", t.estimates());
            json.writeArrayFieldStart("parameters");
            for (RunSummary.Parameter p : t.parameters()) {
                json.writeStartObject();
                json.writeStringField("name", p.name());
                json.writeStringField("unit", p.unit());
                json.writeNumberField("count", p.count());
                number(json, "mean", p.mean());
                number(json, "std", p.std());
                number(json, "bias", p.bias());
                number(json, "rmse", p.rmse());
                number(json, "rootCrb", p.rootCrb());
                number(json, "rmseOverRootCrb", p.rmseOverRootCrb());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("calibration");
        json.writeNumberField("version", s.calibration().version());
        json.writeStringField("table", s.calibration().table());
        json.writeNumberField("changes", s.calibration().changes());
        json.writeEndObject();
        json.writeArrayFieldStart("outputs");
        for (RunSummary.Output o : s.outputs()) {
            json.writeStartObject();
            json.writeStringField("kind", o.kind());
            json.writeStringField("path", o.path());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    static void control(JsonGenerator json, ControlRecord c) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "control");
        json.writeNumberField("timeMs", c.timeMs());
        json.writeStringField("who", c.who());
        json.writeStringField("action", c.action());
        json.writeStringField("request", c.request());
        json.writeStringField("result", c.result());
        json.writeStringField("detail", c.detail());
        json.writeNumberField("fromSeq", c.fromSeq());
        json.writeEndObject();
    }

    private static void number(JsonGenerator json, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            json.writeNumberField(name, v);
        } else {
            json.writeNullField(name);
        }
    }
}
