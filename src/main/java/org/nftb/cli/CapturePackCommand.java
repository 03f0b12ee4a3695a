package org.nftb.cli;

import org.nftb.device.replay.Capture;
import org.nftb.device.replay.CapturePacker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code nftb capture pack CAPTURE ARCHIVE.sigmf}: one SigMF Archive file of a capture, checked by reading it back. */
@Command(name = "pack", mixinStandardHelpOptions = true,
        description = "Pack a capture into one SigMF Archive (.sigmf, a tar file) that replay and capture read in place.")
public final class CapturePackCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CAPTURE", description = "capture directory, .sigmf-collection or .sigmf-meta")
    Path capture;

    @Parameters(index = "1", paramLabel = "ARCHIVE", description = "the archive to write (ends with .sigmf; must not "
            + "exist)")
    Path archive;

    @Override
    public Integer call() {
        Capture c = CapturePacker.pack(capture, archive);
        System.out.printf(Locale.ROOT, "packed %s into %s: %d channels, %d samples each (%.3f s), hashes verified "
                + "on reading it back%n", capture, archive, c.channelCount(), c.sampleCount(),
                c.sampleCount() / c.sampleRateHz());
        return 0;
    }
}
