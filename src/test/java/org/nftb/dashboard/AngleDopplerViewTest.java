package org.nftb.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.nftb.estimator.MapViewer;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How often the dashboard asks the estimator for a map, and how it encodes one for the page. */
class AngleDopplerViewTest {
    static final long S = 1_000_000_000L;

    @Test
    void noMapIsAskedForWhileNobodyWatchesAndAtMostOneWorkerClaimsEachRequest() {
        AngleDopplerView v = new AngleDopplerView(5, new WallClock());
        v.tick(0, false);
        assertFalse(v.claim(), "no browser: no request");
        v.tick(0, true);
        assertTrue(v.claim());
        assertFalse(v.claim(), "one claim per request");
        v.tick(S, true);
        assertFalse(v.claim(), "no new request while the claimed map is outstanding");
        v.tick(3 * S, true);
        assertTrue(v.claim(), "a claim never published is asked again after 2 s");
    }

    @Test
    void aPublishedMapIsEncodedInDecibelsBelowItsPeakAndTheNextOneIsDueOnePeriodLater() throws Exception {
        AngleDopplerView v = new AngleDopplerView(5, new WallClock());
        v.tick(0, true);
        assertTrue(v.claim());
        float[] b = v.buffer();
        java.util.Arrays.fill(b, 0, 6, 0f);
        b[1] = 4f;                                       // peak
        b[2] = 0.04f;                                    // 20 dB below
        b[3] = (float) (4 * Math.pow(10, -6));          // 60 dB below: clipped at the 50 dB range
        v.publish(2, 3, new MapViewer.Axis("sinAngle", -0.5, 1), new MapViewer.Axis("radialVelocityMps", -1, 0.5),
                "powerLinear");
        v.tick(S / 10, true);
        assertFalse(v.claim(), "not due before the encoded map is taken");
        JsonNode m = new ObjectMapper().readTree(v.takeEncoded());
        assertNull(v.takeEncoded(), "one map, taken once");
        assertEquals(1, m.get("version").asLong());
        assertEquals(2, m.get("rows").asInt());
        assertEquals(3, m.get("columns").asInt());
        assertEquals("radialVelocityMps", m.get("columnAxis").get("name").asText());
        assertEquals(-1, m.get("columnAxis").get("start").asDouble(), 1e-12);
        assertEquals(10 * Math.log10(4), m.get("peakDb").asDouble(), 0.005);
        byte[] cells = Base64.getDecoder().decode(m.get("cells").asText());
        assertEquals(6, cells.length);
        assertEquals(0, cells[0] & 0xff);
        assertEquals(255, cells[1] & 0xff);
        assertEquals(153, cells[2] & 0xff);             // (50 − 20) / 50 · 255
        assertEquals(0, cells[3] & 0xff);
        v.tick(S / 10 + S / 5 - 1, true);
        assertTrue(v.claim(), "the next map is due 0.2 s after the last request (5 per second)");
    }
}
