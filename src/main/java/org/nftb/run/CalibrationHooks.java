package org.nftb.run;

import org.nftb.calibration.table.CalibrationFile;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.DriftWatch;
import org.nftb.calibration.StartCheck;
import org.nftb.config.Backend;
import org.nftb.config.CalibrationConfig;
import org.nftb.config.ConfigException;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.pipeline.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/** Wires {@code calibration.startCheck} and {@code calibration.watch} of a configuration into a pipeline. */
public final class CalibrationHooks {
    private static final Logger LOG = LoggerFactory.getLogger(CalibrationHooks.class);

    private CalibrationHooks() {
    }

    /**
     * Installs the start check (after the stream starts, before the first CPI) and the drift watch (every CPI
     * written) that {@code cfg} asks for; returns the watch, or null.
     *
     * @param file the calibration file in force, or null
     */
    public static DriftWatch install(Pipeline pipeline, RunConfig cfg, CalibrationFile file, CalibrationState state,
                                     EstimatorSetup setup) {
        CalibrationConfig c = cfg.calibration();
        if (c.startCheck() != null && cfg.radio().backend() == Backend.REPLAY) {
            // a capture holds the table in force at its start and every table the live run swapped in (its own start
            // check's included), applied where each took effect; checking again would transmit into a recording
            LOG.info("start check skipped: a replay applies the calibration recorded in the capture");
        } else if (c.startCheck() != null) {
            if (c.startCheck().method() == CalibrationConfig.CheckMethod.INJECT
                    && cfg.radio().backend() == Backend.SIM
                    && (cfg.scene().transmitPath() == null || cfg.scene().transmitPath().mode()
                    != SceneConfig.TransmitPath.Mode.INJECT)) {
                throw new ConfigException(cfg.source(), "calibration.startCheck.method", "inject needs "
                        + "a splitter network into the receive chains; on the simulated array add scene.transmitPath: "
                        + "inject, or use method: blind");
            }
            StartCheck check = new StartCheck(cfg, c.startCheck(), file, setup);
            pipeline.setStartHook(device -> {
                StartCheck.Report r = check.run(device, state);
                if (r.table() == null) {
                    LOG.info("start check ({}): the calibration in force still fits",
                            c.startCheck().method().name().toLowerCase(Locale.ROOT));
                } else {
                    LOG.warn("start check: re-referenced before the first CPI (version {}): {}", r.version(),
                            String.join("; ", r.resolution().jumps()));
                }
            });
        }
        if (c.watch() == null) {
            return null;
        }
        DriftWatch watch = new DriftWatch(cfg, c.watch(), state);
        pipeline.setCpiListener(watch::written);
        return watch;
    }
}
