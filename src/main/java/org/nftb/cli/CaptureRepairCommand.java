package org.nftb.cli;

import org.nftb.device.replay.Capture;
import org.nftb.record.CaptureFinisher;
import org.nftb.sigmf.CaptureException;
import org.nftb.sigmf.SigmfFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code nftb capture repair CAPTURE}: completes an nftb recording that was interrupted (killed, crashed, power or
 * disk lost before its metadata was final) with every whole sample its data files hold, then opens it as a replay
 * would to prove it valid.
 */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = "Finalise an interrupted nftb recording with every sample written before the interruption.")
public final class CaptureRepairCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CAPTURE", description = "capture directory or its .sigmf-collection")
    Path capture;

    @Override
    public Integer call() throws Exception {
        Path collection = collectionOf(capture);
        String done = CaptureFinisher.repair(collection);
        Capture c = Capture.open(collection);
        System.out.printf(Locale.ROOT, "repaired %s: %s; valid: %d channels, %d samples each replayable "
                        + "(%.3f s)%n", collection, done, c.channelCount(), c.sampleCount(),
                c.sampleCount() / c.sampleRateHz());
        return 0;
    }

    private static Path collectionOf(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            if (!Files.exists(p)) {
                throw new CaptureException(p.toString(), "", "no such file or directory");
            }
            return p;
        }
        List<Path> found;
        try (Stream<Path> s = Files.list(p)) {
            found = s.filter(f -> f.getFileName().toString().endsWith(SigmfFiles.COLLECTION)).toList();
        }
        if (found.size() != 1) {
            throw new CaptureException(p.toString(), "", found.isEmpty() ? "holds no .sigmf-collection: not an nftb "
                    + "recording" : "holds " + found.size() + " .sigmf-collection files; name the one to repair");
        }
        return found.get(0);
    }
}
