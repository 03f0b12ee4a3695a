package org.nftb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nftb.calibration.CalibrationSelection;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.run.RunAssembly;
import org.nftb.config.RunConfig;
import org.nftb.dashboard.Dashboard;
import org.nftb.dashboard.DashboardConfig;
import org.nftb.device.RadioDevice;
import org.nftb.device.backend.RadioDevices;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.Estimators;
import org.nftb.montecarlo.Stats;
import org.nftb.output.FanOutSink;
import org.nftb.output.HealthSnapshot;
import org.nftb.output.JsonLinesSink;
import org.nftb.output.RecordSink;
import org.nftb.pipeline.Pipeline;
import org.nftb.run.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.nftb.benchkit.ThreadCpu;
import org.nftb.run.Configs;

/**
 * {@code nftb bench dashboard}: does watching a run slow it? The live pipeline (simulated radio in real time → …
 * → JSON lines to a null stream) runs in three modes, rotated round by round in one run so that the machine's
 * drift hits all alike: without the dashboard, with the dashboard and no browser, and with the dashboard and
 * {@code --clients} browsers connected (WebSocket clients in this JVM that parse every message as JSON, as a page
 * does; at most 50 updates per second each, the dashboard's rate). Reports, per mode, the pipeline's CPI latency
 * (median over each round, as the health record gives it), CPIs processed per second, and the CPU time the
 * pipeline's workers spend per CPI (they also run the sinks, so the dashboard's serialization shows there; unlike
 * wall-clock latency this does not move with the load of other processes), and the ratios between modes, per round
 * and as median with spread; and the CPU the dashboard's threads and the emulated browsers take. One watched round
 * first warms the JVM up and is not counted.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Pipeline CPI latency with and without browsers connected to the dashboard, side by side.")
public final class DashboardBench implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "hw-config (default: the embedded seed-001 scenario)")
    Path config;

    @Option(names = "--seconds", description = "length of one round, s (default ${DEFAULT-VALUE})")
    double seconds = 10;

    @Option(names = "--rounds", description = "rounds per mode (default ${DEFAULT-VALUE})")
    int rounds = 5;

    @Option(names = "--clients", description = "browsers connected in the watched mode (default ${DEFAULT-VALUE})")
    int clients = 5;

    private static final String[] MODES = {"no dashboard", "dashboard, no browser", "dashboard + browsers"};

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0) || rounds < 1 || clients < 1) {
            throw new UsageException("--seconds, --rounds and --clients must be positive");
        }
        RunConfig cfg = config == null ? Configs.loadDefault() : Configs.load(config);
        EstimatorSetup setup = Estimators.of(cfg.estimator()).setup(cfg);
        long cpis = Math.round(seconds * cfg.symbolRateHz() / cfg.cpiSymbols());
        System.out.printf(Locale.ROOT, "dashboard bench: %s; rounds of %.0f s (%d CPIs from the radio), %d per mode, "
                        + "modes rotated; %d browser(s) in the watched mode; %d processors%n", cfg.name(), seconds, cpis,
                rounds, clients, Runtime.getRuntime().availableProcessors());
        round(cfg, setup, cpis, 2);              // warm-up (JIT, table cache, sockets), not counted
        // per mode and round: CPI latency (ms), CPIs processed per second, worker CPU per CPI (ms)
        double[][][] m = new double[3][3][rounds];
        double[] updates = new double[rounds];
        double[] dashboardCores = new double[rounds];
        double[] browserCores = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 3; i++) {
                int mode = (i + r) % 3;
                Round out = round(cfg, setup, cpis, mode);
                m[LATENCY][mode][r] = out.health.latencyMedianNanos() / 1e6;
                m[RATE][mode][r] = out.health.cpisProcessed() / out.health.elapsedS();
                m[CPU][mode][r] = out.workerCpuMsPerCpi;
                if (mode == 2) {
                    updates[r] = out.updatesPerSecond;
                    dashboardCores[r] = out.dashboardCores;
                    browserCores[r] = out.browserCores;
                }
                System.out.printf(Locale.ROOT, "round %d, %-22s CPI latency median %6.2f ms, p99 %6.2f ms; %5.1f CPIs/s "
                                + "processed; worker CPU %.2f ms per CPI%s%n", r + 1, MODES[mode] + ":",
                        m[LATENCY][mode][r], out.health.latencyP99Nanos() / 1e6, m[RATE][mode][r], m[CPU][mode][r],
                        mode == 2 ? String.format(Locale.ROOT, "; per browser %.1f updates/s, %.0f records/s; %d "
                                        + "records dropped; CPU: dashboard %.3f cores, browsers %.3f cores",
                                out.updatesPerSecond, out.recordsPerSecond, out.dropped, out.dashboardCores,
                                out.browserCores) : "");
            }
        }
        String[] what = {"CPI latency (ms)", "CPIs processed per s", "worker CPU per CPI (ms)"};
        for (int q = 0; q < 3; q++) {
            for (int mode = 0; mode < 3; mode++) {
                System.out.printf(Locale.ROOT, "%-24s %-22s median %7.2f (min %7.2f, max %7.2f)%n", what[q],
                        MODES[mode] + ":", Stats.median(m[q][mode]), Stats.quantile(m[q][mode], 0),
                        Stats.quantile(m[q][mode], 1));
            }
        }
        for (int q = 0; q < 3; q++) {
            ratio(what[q], "with browsers / without dashboard", m[q][2], m[q][0]);
            ratio(what[q], "with browsers / dashboard, no browser", m[q][2], m[q][1]);
        }
        System.out.printf(Locale.ROOT, "per browser: median %.1f updates/s (min %.1f, max %.1f); CPU of the dashboard's "
                        + "threads %.3f cores, of the %d emulated browsers %.3f cores (medians)%n", Stats.median(updates),
                Stats.quantile(updates, 0), Stats.quantile(updates, 1), Stats.median(dashboardCores), clients,
                Stats.median(browserCores));
        return 0;
    }

    private static final int LATENCY = 0;
    private static final int RATE = 1;
    private static final int CPU = 2;

    /** Ratio of two modes measured in the same round, per round; median with spread. */
    private static void ratio(String quantity, String modes, double[] a, double[] b) {
        double[] ratio = new double[a.length];
        for (int r = 0; r < a.length; r++) {
            ratio[r] = a[r] / b[r];
        }
        System.out.printf(Locale.ROOT, "ratio of %s, %s: median %.3f (min %.3f, max %.3f)%n", quantity, modes,
                Stats.median(ratio), Stats.quantile(ratio, 0), Stats.quantile(ratio, 1));
    }

    /**
     * @param workerCpuMsPerCpi CPU time of the pipeline's workers (which also run the sinks) per CPI processed
     * @param dashboardCores    CPU of the dashboard's own threads (push thread, HTTP/WebSocket server), in cores
     * @param browserCores      CPU of the emulated browsers (receiving and parsing), in cores
     */
    private record Round(HealthSnapshot health, double updatesPerSecond, double recordsPerSecond, long dropped,
                         double workerCpuMsPerCpi, double dashboardCores, double browserCores) {
    }

    private Round round(RunConfig cfg, EstimatorSetup setup, long cpis, int mode) throws Exception {
        CalibrationState calibration = new CalibrationState(CalibrationSelection.select(cfg, null));
        List<Browser> browsers = new ArrayList<>();
        try (RadioDevice device = RadioDevices.open(cfg);
             RecordSink lines = new JsonLinesSink(OutputStream.nullOutputStream(), "null", false);
             Dashboard board = mode == 0 ? null : Dashboard.start(DashboardConfig.loopback(0, true), cfg, calibration)) {
            if (mode == 2) {
                for (int c = 0; c < clients; c++) {
                    browsers.add(new Browser(board.port()));
                }
            }
            RecordSink sink = board == null ? lines : new FanOutSink(lines, board.sink());
            Pipeline p = new Pipeline(cfg, device, calibration, board == null ? setup : board.watch(setup), sink, null,
                    cpis);
            long t0 = System.nanoTime();
            HealthSnapshot h;
            ThreadCpu cpu = new ThreadCpu();
            try {
                h = p.run(RunAssembly.runInfo(cfg, device, setup, calibration.table(1))).health();
            } finally {
                cpu.close();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            double ups = browsers.stream().mapToLong(b -> b.messages.get()).average().orElse(0) / s;
            double rps = browsers.stream().mapToLong(b -> b.records.get()).average().orElse(0) / s;
            return new Round(h, ups, rps, board == null ? 0 : board.recordsDroppedForBrowsers(),
                    1e3 * cpu.seconds(n -> n.startsWith("nftb-worker-")) / Math.max(1, h.cpisProcessed()),
                    cpu.seconds(n -> n.startsWith("nftb-dashboard-")) / s,
                    cpu.seconds(n -> n.startsWith("HttpClient-")) / s);
        } finally {
            browsers.forEach(Browser::close);
        }
    }

    /** A page without a browser: it parses every message, as the page's script does. */
    private static final class Browser implements WebSocket.Listener {
        private static final ObjectMapper JSON = new ObjectMapper();
        final AtomicLong messages = new AtomicLong();
        final AtomicLong records = new AtomicLong();
        private final StringBuilder part = new StringBuilder();
        private final WebSocket socket;

        Browser(int port) throws Exception {
            socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), this).get(10, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                try {
                    JsonNode m = JSON.readTree(part.toString());
                    records.addAndGet(m.get("records").size());
                    messages.incrementAndGet();
                } catch (Exception e) {
                    throw new IllegalStateException("the dashboard sent a message that is not JSON", e);
                }
                part.setLength(0);
            }
            ws.request(1);
            return null;
        }

        void close() {
            socket.abort();
        }
    }
}
