package org.nftb.calibration;

import org.junit.jupiter.api.Test;
import org.nftb.model.ArrayErrors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;

/** The versioned calibration state as a recording sees it (a listener) and as a replay drives it (a schedule). */
class CalibrationStateReplayTest {
    private static CalibrationTable table(String name, long seed) {
        return new CalibrationTable("a", 1e9, Instant.EPOCH, name, ArrayErrors.draw(4, 0.2, 1, seed), name);
    }

    @Test
    void theListenerHearsOfEachTableOnceAtTheFirstSampleOfTheCpiThatUsesIt() {
        CalibrationState s = new CalibrationState(table("v1", 1));
        List<String> heard = new ArrayList<>();
        s.setOnApplied((v, at) -> heard.add(v.version() + "@" + at));
        s.atCpiBoundary(0);
        s.offer(table("v2", 2));
        s.atCpiBoundary(100);
        s.atCpiBoundary(200);
        s.offer(table("v3", 3));
        s.offer(table("v4", 4));   // supersedes v3 before it took effect
        s.atCpiBoundary(300);
        assertEquals(List.of("2@100", "4@300"), heard);
    }

    @Test
    void aReplayAppliesTheRecordedTablesWhereTheyTookEffectWhateverIsOfferedAndInEveryLoopPass() {
        CalibrationTable v1 = table("v1", 1);
        CalibrationTable v2 = table("v2", 2);
        CalibrationTable v5 = table("v5", 5);
        CalibrationState s = new CalibrationState(v1);
        List<String> heard = new ArrayList<>();
        s.setOnApplied((v, at) -> heard.add(v.version() + "@" + at));
        // recorded: v2 from stream sample 300, v5 from 700; the capture is 1000 samples long and loops
        s.replay(List.of(new CalibrationState.Change(2, v2, 300), new CalibrationState.Change(5, v5, 700)),
                i -> i % 1000);
        long[] at = {0, 100, 200, 300, 400, 700, 900, 1000, 1300, 1800};
        long[] want = {1, 1, 1, 2, 2, 5, 5, 1, 2, 5};
        for (int k = 0; k < at.length; k++) {
            if (at[k] == 400) {
                // offered during the replay: kept (numbered after the recorded versions), never applied
                assertEquals(6, s.offer(table("drift watch", 9)));
            }
            assertEquals(want[k], s.atCpiBoundary(at[k]).version(), "CPI at sample " + at[k]);
        }
        assertSame(v5, s.table(5));
        assertEquals("drift watch", s.table(6).method());
        assertEquals(List.of("2@300", "5@700", "1@1000", "2@1300", "5@1800"), heard);
    }
}
