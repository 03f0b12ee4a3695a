package org.nftb.device.replay;

import com.fasterxml.jackson.databind.JsonNode;
import org.nftb.sigmf.CaptureException;
import org.nftb.sigmf.NftbKeys;

import java.util.List;

/**
 * The runs of CPIs a capture records as dropped by the run that recorded it ({@code nftb:cpis_dropped} annotations
 * of the reference Recording), as stream-index ranges of the replay (each annotated sample mapped the way the
 * replay numbers it). Looked up per CPI on the radio thread without allocating.
 */
final class RecordedDropRanges {
    private final long[] starts;
    private final long[] ends;

    private RecordedDropRanges(long[] starts, long[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    static RecordedDropRanges of(Capture capture) {
        Recording ref = capture.reference();
        List<JsonNode> annotations = capture.referenceAnnotations(NftbKeys.CPIS_DROPPED);
        long[] starts = new long[annotations.size()];
        long[] ends = new long[annotations.size()];
        long previousEnd = Long.MIN_VALUE;
        for (int i = 0; i < starts.length; i++) {
            JsonNode a = annotations.get(i);
            long sample = a.get("core:sample_start").asLong();
            long samples = a.get(NftbKeys.CPIS_DROPPED).path("samples").asLong(-1);
            String where = "annotations (" + NftbKeys.CPIS_DROPPED + " at sample " + sample + ")";
            if (samples < 1) {
                throw new CaptureException(ref.meta().name(), where + ".samples", "must be a sample count >= 1, got "
                        + a.get(NftbKeys.CPIS_DROPPED).path("samples"));
            }
            Segment s = ref.segmentAt(sample);
            starts[i] = s.globalIndex() + (sample - s.sampleStart());
            ends[i] = starts[i] + samples;
            if (starts[i] < previousEnd) {
                throw new CaptureException(ref.meta().name(), where, "overlaps the run of dropped CPIs before it");
            }
            previousEnd = ends[i];
        }
        return new RecordedDropRanges(starts, ends);
    }

    /** Whether stream sample {@code index} lies in a recorded run of dropped CPIs. */
    boolean contains(long index) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] <= index) {
                lo = mid + 1;
            } else if (starts[mid] > index) {
                hi = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return starts.length == 0;
    }
}
