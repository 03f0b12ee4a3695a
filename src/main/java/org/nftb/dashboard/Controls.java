package org.nftb.dashboard;

import java.util.Map;

/**
 * What the dashboard may ask of a run when it was started with {@code --dashboard-controls}: the actions and their
 * outcome. Implemented by the command that owns the run (it holds the device, the calibration state and the
 * pipeline); the dashboard only authenticates requests ({@link ControlGuard}), calls {@link #act} and writes the
 * outcome as a {@code control} record. Called on the server's threads, one request at a time.
 */
public interface Controls {
    /** The actions the page offers, as the request path names them ({@code /control/ACTION}). */
    String RECORD_START = "record.start";
    String RECORD_STOP = "record.stop";
    String CALIBRATE = "calibrate";
    String RETUNE = "retune";
    String STOP = "stop";

    /**
     * Performs {@code action} with the operator's {@code parameters} (strings as the page sent them). Checks
     * everything before touching the radio: a request the interlock or the run's state does not allow is refused
     * with nothing sent. May wait (bounded) for the action to take effect, e.g. a calibration at a CPI boundary.
     */
    Outcome act(String action, Map<String, String> parameters);

    /** The state the page shows next to the controls, as a JSON object (recording, tuning, limits). */
    String stateJson();

    /**
     * @param result  {@code done}, {@code refused} or {@code failed} ({@code org.nftb.output.ControlRecord})
     * @param detail  what happened, or why not
     * @param fromSeq the CPI from which it takes effect, or -1
     */
    record Outcome(String result, String detail, long fromSeq) {
    }
}
