package org.nftb.device.replay;

import com.fasterxml.jackson.databind.JsonNode;
import org.nftb.device.RxStatus;
import org.nftb.sigmf.CaptureException;
import org.nftb.sigmf.NftbKeys;

import java.util.List;

/**
 * The receive faults a capture recorded ({@code nftb:rx_status} annotations of the reference recording), in sample
 * order: what status the device reported at which sample, and whether it came in a buffer of its own without
 * samples (as UHD reports an overflow) or with the samples starting there.
 */
final class RecordedFaults {
    final long[] start;
    final RxStatus[] status;
    final String[] detail;
    final boolean[] empty;
    /** The stream index and device time the device gave the fault's buffer, or −1 / {@code Long.MIN_VALUE}. */
    final long[] streamIndex;
    final long[] timeNanos;

    RecordedFaults(Capture capture) {
        List<JsonNode> faults = capture.referenceAnnotations(NftbKeys.RX_STATUS);
        int n = faults.size();
        start = new long[n];
        status = new RxStatus[n];
        detail = new String[n];
        empty = new boolean[n];
        streamIndex = new long[n];
        timeNanos = new long[n];
        for (int i = 0; i < n; i++) {
            JsonNode a = faults.get(i);
            JsonNode st = a.get(NftbKeys.RX_STATUS);
            start[i] = a.get("core:sample_start").asLong();
            try {
                status[i] = RxStatus.valueOf(st.path("status").asText());
            } catch (IllegalArgumentException e) {
                throw new CaptureException(capture.reference().meta().name(), NftbKeys.RX_STATUS,
                        "unknown status '" + st.path("status").asText() + "' at sample " + start[i]);
            }
            detail[i] = st.path("detail").asText("");
            empty[i] = st.path("empty_buffer").asBoolean(false);
            streamIndex[i] = st.path("stream_index").asLong(-1);
            timeNanos[i] = st.has(NftbKeys.DEVICE_TIME) ? st.get(NftbKeys.DEVICE_TIME).asLong() : Long.MIN_VALUE;
        }
    }

    int size() {
        return start.length;
    }

    /** Index of the first fault at or after sample {@code p}. */
    int firstAtOrAfter(long p) {
        int i = 0;
        while (i < start.length && start[i] < p) {
            i++;
        }
        return i;
    }

    /** The first fault start after {@code p} from index {@code i} on, or {@code Long.MAX_VALUE}. */
    long nextStartAfter(long p, int i) {
        for (int k = i; k < start.length; k++) {
            if (start[k] > p) {
                return start[k];
            }
        }
        return Long.MAX_VALUE;
    }
}
