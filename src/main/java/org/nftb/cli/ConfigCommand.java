package org.nftb.cli;

import org.nftb.calibration.CalibrationSelection;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.config.RunConfig;
import org.nftb.run.Configs;
import org.nftb.run.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code nftb config}: check a hw-config without running it, or start one from a commented template. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Check a hw-config without running it, or write a commented template to start from.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Template.class, HelpCommand.class})
public final class ConfigCommand implements Runnable {
    /** The template, a resource of the jar. */
    static final String TEMPLATE = "/templates/hw-config.yaml";

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** {@code nftb config check FILE...}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Read and validate hw-configs as nftb run would (every section, the calibration table it "
                    + "names), without opening a radio. Exit 0 when each is usable, 2 (with the file, field and fix) "
                    + "when not.")
    public static final class Check implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE", description = "hw-config YAML files")
        List<Path> files;

        @Override
        public Integer call() {
            PrintStream o = System.out;
            for (Path f : files) {
                RunConfig cfg = Configs.load(f);
                CalibrationTable table = CalibrationSelection.select(cfg, null);
                o.printf(Locale.ROOT, "%s: OK — '%s': %s on %s, %d receive element(s)%s at %.6g GHz, CPI %d symbols "
                                + "(%.3g ms), %d worker(s), %s ring; calibration %s%n", f, cfg.name(),
                        cfg.estimator().type(), cfg.radio().backend().name().toLowerCase(Locale.ROOT),
                        cfg.rxArray().count(), cfg.monostatic() ? "" : " (separate transmit array of "
                                + cfg.txArray().count() + ")", cfg.carrierFrequencyHz() / 1e9, cfg.cpiSymbols(),
                        1e3 * cfg.cpiSymbols() / cfg.symbolRateHz(), cfg.pipeline().workers(),
                        cfg.pipeline().ringMode().name().toLowerCase(Locale.ROOT), table.describe());
                for (String w : cfg.warnings()) {
                    o.println("  warning: " + w);
                }
            }
            return 0;
        }
    }

    /** {@code nftb config template [--out FILE]}. */
    @Command(name = "template", mixinStandardHelpOptions = true,
            description = "Print a commented hw-config that runs on the simulated array as it is; edit it for your "
                    + "array (then: nftb config check FILE; nftb run --config FILE).")
    public static final class Template implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "FILE", description = "write it here instead of stdout (refused when "
                + "FILE exists)")
        Path out;

        @Override
        public Integer call() throws IOException {
            String text;
            try (InputStream in = ConfigCommand.class.getResourceAsStream(TEMPLATE)) {
                if (in == null) {
                    throw new IllegalStateException(TEMPLATE + " missing from the build");
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (out == null) {
                System.out.print(text);
                System.out.flush();
                return 0;
            }
            if (Files.exists(out)) {
                throw new UsageException(out + " exists; choose another --out (nothing was written)");
            }
            Files.writeString(out, text);
            System.err.println("nftb: wrote " + out + "; check it with: nftb config check " + out);
            return 0;
        }
    }
}
