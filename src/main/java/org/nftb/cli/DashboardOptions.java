package org.nftb.cli;

import org.nftb.calibration.table.CalibrationState;
import org.nftb.config.RunConfig;
import org.nftb.output.Console;
import org.nftb.dashboard.Controls;
import org.nftb.dashboard.Dashboard;
import org.nftb.dashboard.DashboardConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.nftb.run.UsageException;

/** The dashboard options of {@code nftb run} (a picocli mixin) and the start of the dashboard they describe. */
public final class DashboardOptions {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardOptions.class);

    @Option(names = "--no-dashboard", description = "do not serve the live dashboard")
    boolean off;

    @Option(names = "--dashboard-port", paramLabel = "PORT", description = "dashboard port (default "
            + DashboardConfig.DEFAULT_PORT + "; if that one is taken a free port is used and printed; 0: any free port)")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "address the dashboard listens on (default "
            + "127.0.0.1: this machine only). Any other address requires the access token: given with "
            + "--dashboard-token or generated and printed in the URL")
    String bind;

    @Option(names = "--dashboard-token", paramLabel = "TOKEN", description = "access token the page must present "
            + "(at least " + DashboardConfig.MIN_TOKEN_LENGTH + " characters; default with --bind or "
            + "--dashboard-controls: a random one)")
    String token;

    @Option(names = "--dashboard-controls", description = "let the dashboard act on the run: start/stop a recording, "
            + "run a reference calibration and put it in force, retune within radio.txLimits, stop the run. Off by "
            + "default (the page is view-only); on, every page needs the access token (printed in the URL) even on "
            + "this machine, and every request is written as a control record")
    boolean controls;

    /** The dashboard these options ask for, started, or null with {@code --no-dashboard}. */
    Dashboard open(RunConfig cfg, CalibrationState calibration, PrintStream console) {
        return open(cfg, calibration, console, null);
    }

    /** Whether {@code --dashboard-controls} was given (and a dashboard is served). */
    boolean controlsRequested() {
        return controls && !off;
    }

    /**
     * The dashboard these options ask for, started, or null with {@code --no-dashboard}; with
     * {@code --dashboard-controls}, acting through {@code actions}.
     */
    Dashboard open(RunConfig cfg, CalibrationState calibration, PrintStream console, Controls actions) {
        if (off) {
            if (port != null || bind != null || token != null || controls) {
                throw new UsageException("--no-dashboard cannot be combined with --dashboard-port, --bind, "
                        + "--dashboard-token or --dashboard-controls");
            }
            return null;
        }
        InetAddress address = InetAddress.getLoopbackAddress();
        if (bind != null) {
            try {
                address = InetAddress.getByName(bind);
            } catch (UnknownHostException e) {
                throw new UsageException("--bind " + bind + ": not an address of this machine (" + e.getMessage() + ")");
            }
        }
        if (token != null && token.length() < DashboardConfig.MIN_TOKEN_LENGTH) {
            throw new UsageException("--dashboard-token must have at least " + DashboardConfig.MIN_TOKEN_LENGTH
                    + " characters");
        }
        String access = token != null || address.isLoopbackAddress() && !controls ? token : DashboardConfig.newToken();
        int p = port == null ? DashboardConfig.DEFAULT_PORT : port;
        if (p < 0 || p > 65535) {
            throw new UsageException("--dashboard-port " + p + " is not in 0..65535");
        }
        DashboardConfig config = new DashboardConfig(address, p, port != null, access,
                DashboardConfig.DEFAULT_UPDATES_PER_SECOND, DashboardConfig.DEFAULT_MAPS_PER_SECOND);
        try {
            Dashboard d = Dashboard.start(config, cfg, calibration, controls ? actions : null);
            Console.line(console, "nftb: dashboard at " + d.url() + (controls ? " (controls on: recording, "
                    + "calibration, retune and stop from the page; keep the URL private)" : ""));
            LOG.info("dashboard at {}", d.url());
            return d;
        } catch (IOException e) {
            throw new UsageException("cannot serve the dashboard on " + address.getHostAddress() + ":" + p + " ("
                    + e.getMessage() + "); choose another --dashboard-port or --bind, or add --no-dashboard");
        }
    }
}
