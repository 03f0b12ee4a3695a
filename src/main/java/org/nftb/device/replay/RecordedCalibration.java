package org.nftb.device.replay;

import com.fasterxml.jackson.databind.JsonNode;
import org.nftb.calibration.table.CalibrationException;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTables;
import org.nftb.sigmf.CaptureException;
import org.nftb.sigmf.NftbKeys;

import java.util.ArrayList;
import java.util.List;

/**
 * The calibration tables a capture records as taking effect while it was recorded ({@code nftb:calibration_change}
 * annotations of the reference Recording, each at the first recorded sample of the CPI where the live run swapped
 * tables), as changes a replay re-applies ({@link CalibrationState#replay}). The table in force at the start is the
 * collection's {@code nftb:calibration} ({@link Capture#calibration()}).
 */
final class RecordedCalibration {
    private RecordedCalibration() {
    }

    /** The changes in sample order, each at the stream index its annotated sample is replayed with. */
    static List<CalibrationState.Change> of(Capture capture) {
        List<CalibrationState.Change> out = new ArrayList<>();
        Recording ref = capture.reference();
        for (JsonNode a : ref.annotations()) {
            JsonNode c = a.get(NftbKeys.CALIBRATION_CHANGE);
            if (c == null) {
                continue;
            }
            long sample = a.get("core:sample_start").asLong();
            long version = c.path("version").asLong(-1);
            String where = "annotations (" + NftbKeys.CALIBRATION_CHANGE + " at sample " + sample + ")";
            if (version < 2) {
                throw new CaptureException(ref.meta().name(), where + ".version", "must be a table version >= 2 "
                        + "(version 1 is the collection's " + NftbKeys.CALIBRATION + "), got " + c.path("version"));
            }
            try {
                Segment s = ref.segmentAt(sample);
                out.add(new CalibrationState.Change(version, CalibrationTables.fromJson(c.path("table"),
                        ref.meta().name() + " (calibration version " + version + ", recorded from "
                                + c.path("source").asText("?") + ")"), s.globalIndex() + (sample - s.sampleStart())));
            } catch (CalibrationException e) {
                throw new CaptureException(ref.meta().name(), where + ".table", e.getMessage(), e);
            }
        }
        return out;
    }
}
