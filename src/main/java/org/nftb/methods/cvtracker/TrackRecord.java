package org.nftb.methods.cvtracker;

import org.nftb.sequential.RecordWriter;
import org.nftb.sequential.SequentialStage;
import org.nftb.sequential.StageRecord;

/**
 * The tracker's {@code track} record (schema {@code $defs/track} in {@code nftb-records.schema.json}): one per
 * estimated CPI ({@code event: update}), per gap ({@code event: gap}, with the missing CPIs and why) and at the end
 * of the run ({@code event: end}, with totals). Each lists the live tracks with their state at the record's
 * {@code stateTimeNanos} (predicted there when not updated), covariance, counters and the estimate that updated
 * them, and the tracks that ended with why. One mutable record, reused for every call; only constant strings.
 */
final class TrackRecord implements StageRecord {
    /** What the record is about. */
    enum Event {
        UPDATE("update"), GAP("gap"), END("end");

        final String text;

        Event(String text) {
            this.text = text;
        }
    }

    private final CvTracker tracker;
    private final double[] covariance = new double[16];
    private final long[] endedId;
    private final String[] endedReason;
    private final boolean[] endedConfirmed;
    private final int[] endedUpdates;
    private final long[] endedLastUpdate;
    private int endedCount;
    private Event event;
    /** The last CPI this record covers (for a gap, its last missing CPI). */
    private long lastCpi;
    private int reported;
    private int unresolved;
    int unusable;
    int started;
    int notStarted;
    private long gapFrom;
    private long gapTo;
    private SequentialStage.Gap gapCause;
    final Totals totals = new Totals();

    TrackRecord(CvTracker tracker) {
        this.tracker = tracker;
        int n = tracker.live.length;
        endedId = new long[n];
        endedReason = new String[n];
        endedConfirmed = new boolean[n];
        endedUpdates = new int[n];
        endedLastUpdate = new long[n];
    }

    void beginUpdate(long sequence, int reportedTargets, int unresolvedTargets) {
        begin(Event.UPDATE, sequence);
        reported = reportedTargets;
        unresolved = unresolvedTargets;
    }

    void beginGap(long from, long to, SequentialStage.Gap cause) {
        begin(Event.GAP, to - 1);
        gapFrom = from;
        gapTo = to;
        gapCause = cause;
    }

    void beginEnd(long sequence) {
        begin(Event.END, sequence);
    }

    private void begin(Event newEvent, long sequence) {
        event = newEvent;
        lastCpi = sequence;
        endedCount = 0;
        reported = 0;
        unresolved = 0;
        unusable = 0;
        started = 0;
        notStarted = 0;
    }

    /** Notes that {@code t} ended now (a track ends at most once per record, so the arrays never overflow). */
    void ended(Track t, String reason) {
        endedId[endedCount] = t.id;
        endedReason[endedCount] = reason;
        endedConfirmed[endedCount] = t.confirmed;
        endedUpdates[endedCount] = t.updates;
        endedLastUpdate[endedCount] = t.lastUpdateSequence;
        endedCount++;
    }

    @Override
    public String type() {
        return "track";
    }

    @Override
    public void write(RecordWriter w) {
        w.text("event", event.text);
        if (event == Event.UPDATE) {
            w.integer("estimates", reported);
            w.integer("unresolved", unresolved);
            w.integer("unusable", unusable);
            w.integer("started", started);
            w.integer("notStarted", notStarted);
        } else if (event == Event.GAP) {
            w.beginObject("gap");
            w.integer("fromSeq", gapFrom);
            w.integer("toSeq", gapTo);
            w.integer("cpis", gapTo - gapFrom);
            w.text("cause", gapCause == SequentialStage.Gap.DROPPED ? "dropped" : "rejected");
            w.endObject();
        }
        w.beginArray("tracks");
        for (int i = 0; i < tracker.liveCount; i++) {
            writeTrack(w, tracker.live[i]);
        }
        w.endArray();
        w.beginArray("ended");
        for (int i = 0; i < endedCount; i++) {
            w.beginElement();
            w.integer("id", endedId[i]);
            w.text("reason", endedReason[i]);
            w.bool("confirmed", endedConfirmed[i]);
            w.integer("updates", endedUpdates[i]);
            w.integer("lastUpdateSeq", endedLastUpdate[i]);
            w.endElement();
        }
        w.endArray();
        if (event == Event.END) {
            totals.write(w);
        }
    }

    private void writeTrack(RecordWriter w, Track t) {
        w.beginElement();
        w.integer("id", t.id);
        w.text("status", t.confirmed ? "confirmed" : "tentative");
        w.number("xM", t.x.a1);
        w.number("yM", t.x.a2);
        w.number("vxMps", t.x.a3);
        w.number("vyMps", t.x.a4);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                covariance[4 * i + j] = t.p.get(i, j);
            }
        }
        w.matrix("covariance", covariance, 4, 4);
        w.integer("updates", t.updates);
        w.integer("misses", t.misses);
        w.integer("lastUpdateSeq", t.lastUpdateSequence);
        w.integer("coastedCpis", lastCpi - t.lastUpdateSequence);
        w.integer("estimate", t.measurement);
        w.number("nis", t.nis);
        w.endElement();
    }

    /** Counts over the whole run, written in the {@code end} record. */
    static final class Totals {
        long cpisEstimated;
        long cpisDropped;
        long cpisRejected;
        long tracksStarted;
        long tracksConfirmed;
        long updates;

        void write(RecordWriter w) {
            w.beginObject("totals");
            w.integer("cpisEstimated", cpisEstimated);
            w.integer("cpisDropped", cpisDropped);
            w.integer("cpisRejected", cpisRejected);
            w.integer("tracksStarted", tracksStarted);
            w.integer("tracksConfirmed", tracksConfirmed);
            w.integer("updates", updates);
            w.endObject();
        }
    }
}
