package org.nftb.cli;

import org.nftb.calibration.table.ArrayIdentity;
import org.nftb.calibration.table.CalibrationFile;
import org.nftb.calibration.CalibrationMethod;
import org.nftb.calibration.CalibrationMethods;
import org.nftb.calibration.CalibrationRig;
import org.nftb.calibration.table.CalibrationTables;
import org.nftb.calibration.Measurement;
import org.nftb.config.Quantity;
import org.nftb.config.RunConfig;
import org.nftb.estimator.Estimators;
import org.nftb.output.OutputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nftb.run.Configs;
import org.nftb.run.UsageException;

/** {@code nftb calibrate}: measures W with one of the calibration methods and writes a calibration file. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Measure the array's per-element weights W (and transmit chains, delays or element positions) "
                + "and write a calibration file (format nftb-calibration/2).")
public final class CalibrateCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "hw-config (default: the embedded seed-001 scenario)")
    Path config;

    @Option(names = "--method", required = true, paramLabel = "NAME",
            description = "reference | positions | blind | inject | geometry | transmit")
    String method;

    @Option(names = "--source", paramLabel = "X,Y", description = "pilot (reference) or reflector (transmit) position, "
            + "metres, e.g. 0.5,7")
    String source;

    @Option(names = "--sources", paramLabel = "X,Y;X,Y;...", description = "pilot positions (positions, geometry)")
    String sources;

    @Option(names = "--cpis", paramLabel = "N", description = "CPIs per measurement (transmit: code periods); "
            + "default: as many as --phase-accuracy and --amplitude-accuracy need at the measured SNR")
    Integer cpis;

    @Option(names = "--phase-accuracy", paramLabel = "ANGLE", description = "target rms phase accuracy "
            + "(default 0.2 deg; blind: 1 deg)")
    String phaseAccuracy;

    @Option(names = "--amplitude-accuracy", paramLabel = "DB", description = "target rms amplitude accuracy "
            + "(default 0.02 dB; blind: 0.1 dB)")
    String amplitudeAccuracy;

    @Option(names = "--max-cpis", paramLabel = "N", description = "most CPIs per measurement when chosen "
            + "automatically (default ${DEFAULT-VALUE})")
    int maxCpis = 1_000_000;

    @Option(names = "--frequencies", paramLabel = "F,F,...", description = "carriers to measure at, e.g. "
            + "'27.9 GHz,28 GHz,28.1 GHz' (default: the configuration's carrier); runs in between interpolate")
    String frequencies;

    @Option(names = "--frequency-tolerance", paramLabel = "FREQ", description = "how far outside the measured "
            + "carriers a run may use the nearest table (default 1 MHz)")
    String frequencyTolerance = "1 MHz";

    @Option(names = "--tx-gain", paramLabel = "DB", description = "transmit gain of the injected reference or the "
            + "codes (default 0 dB)")
    String txGain = "0 dB";

    @Option(names = "--search", paramLabel = "WAVELENGTHS", description = "geometry: how far around the nominal "
            + "positions to search, in wavelengths (default ${DEFAULT-VALUE})")
    double searchWavelengths = 0.5;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "calibration file to write")
    Path out;

    @Option(names = "--overwrite", description = "replace an existing --out file")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        RunConfig cfg = config == null ? Configs.loadDefault() : Configs.load(config);
        if (Files.exists(out) && !overwrite) {
            throw new OutputException(out + " exists; choose another --out or add --overwrite", null);
        }
        boolean blind = "blind".equals(method);
        CalibrationMethods.Options options = new CalibrationMethods.Options(positions(), cpis,
                phaseAccuracy != null ? quantity(phaseAccuracy, Quantity.ANGLE, "--phase-accuracy")
                        : Math.toRadians(blind ? 1 : 0.2),
                amplitudeAccuracy != null ? quantity(amplitudeAccuracy, Quantity.DECIBEL, "--amplitude-accuracy")
                        : blind ? 0.1 : 0.02, maxCpis, quantity(txGain, Quantity.DECIBEL, "--tx-gain"),
                searchWavelengths * cfg.wavelengthM(), blind ? Estimators.of(cfg.estimator()).setup(cfg) : null);
        if (cpis != null && cpis < 2) {
            throw new UsageException("--cpis must be >= 2, got " + cpis);
        }
        CalibrationMethod m = CalibrationMethods.of(method, options);
        List<CalibrationFile.FrequencyPoint> points = new ArrayList<>();
        Measurement first = null;
        List<Double> carriers = carriers(cfg);
        System.err.printf(Locale.ROOT, "nftb: planned: %s calibration at %d carrier(s) on %s, %s; progress with an "
                        + "ETA below%n", m.name(), carriers.size(), cfg.name(), cpis != null ? cpis + " CPIs per "
                        + "measurement" : "CPIs chosen from a " + CalibrationMethods.PROBE_CPIS + "-CPI SNR probe for "
                        + "the accuracy asked (at most " + maxCpis + " per measurement)");
        try (CalibrationProgress progress = new CalibrationProgress()) {
            for (double f : carriers) {
                RunConfig at = cfg.withCarrierFrequency(f);
                System.err.printf(Locale.ROOT, "nftb: calibrate %s at %.6f GHz on %s%n", m.name(), f / 1e9,
                        cfg.name());
                try (CalibrationRig rig = CalibrationRig.open(at, progress)) {
                    Measurement r = m.measure(rig);
                    first = first == null ? r : first;
                    points.add(new CalibrationFile.FrequencyPoint(f, r.rx(), r.tx(), r.delaySamples(), r.injected()));
                }
            }
        }
        Map<String, Double> quality = new LinkedHashMap<>(first.quality());
        CalibrationFile file = new CalibrationFile(2, cfg.rxArray().fingerprint(), ArrayIdentity.of(cfg), Instant.now(),
                m.name(), quantity(frequencyTolerance, Quantity.FREQUENCY, "--frequency-tolerance"), points,
                first.positionsM(), quality, first.notes(), out.toString());
        try {
            CalibrationTables.write(file, out);
        } catch (IOException e) {
            throw new OutputException("cannot write " + out + ": " + e.getMessage(), e);
        }
        System.out.printf(Locale.ROOT, "wrote %s: %s, %d element(s)%s at %s%n", out, m.name(), file.elements(),
                first.tx() != null ? " and " + first.tx().chains() + " transmit chain(s)" : "", file.frequencies());
        quality.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %s: %s%n", k, CalibrationCommand.number(v)));
        first.notes().forEach(n -> System.out.println("  note: " + n));
        return 0;
    }

    private List<Double> carriers(RunConfig cfg) {
        List<Double> out = new ArrayList<>();
        if (frequencies == null) {
            out.add(cfg.carrierFrequencyHz());
            return out;
        }
        for (String f : frequencies.split(",")) {
            out.add(quantity(f.trim(), Quantity.FREQUENCY, "--frequencies"));
        }
        return out;
    }

    private double[] positions() {
        String text = source != null ? source : sources;
        if (source != null && sources != null) {
            throw new UsageException("give --source or --sources, not both");
        }
        if (text == null) {
            return null;
        }
        String[] items = text.split(";");
        double[] xy = new double[2 * items.length];
        for (int i = 0; i < items.length; i++) {
            String[] p = items[i].split(",");
            if (p.length != 2) {
                throw new UsageException("position '" + items[i].trim() + "': expected x,y in metres, e.g. 0.5,7");
            }
            xy[2 * i] = quantity(p[0].trim(), Quantity.LENGTH, "position x");
            xy[2 * i + 1] = quantity(p[1].trim(), Quantity.LENGTH, "position y");
        }
        return xy;
    }

    private static double quantity(String text, Quantity q, String option) {
        try {
            return q.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }
}
