package org.nftb.record;

import org.nftb.sigmf.SigmfFiles;

import java.nio.file.Path;
import java.util.Locale;

/**
 * File names of an nftb capture directory: a SigMF Collection {@code BASE.sigmf-collection} with one Recording per
 * channel, {@code BASE-ch000.sigmf-meta} / {@code .sigmf-data} …, and while recording the journal
 * {@code BASE.nftb-journal} (JSON lines: capture segments and annotations, flushed as data is written, from which the
 * final metadata is built by {@link CaptureFinisher} — at the end of a recording or by {@code nftb capture repair}).
 * BASE is the directory's name reduced to the characters SigMF file names allow everywhere.
 */
public record CaptureLayout(Path dir, String base, int channels) {

    /** The layout of {@code dir} with {@code channels} channels. */
    public static CaptureLayout of(Path dir, int channels) {
        String name = dir.toAbsolutePath().normalize().getFileName() == null ? "capture"
                : dir.toAbsolutePath().normalize().getFileName().toString();
        String base = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return new CaptureLayout(dir, base.isEmpty() || base.startsWith(".") ? "capture" + base : base, channels);
    }

    /** Base name of channel {@code c}'s Recording (e.g. {@code run1-ch007}). */
    public String channelName(int c) {
        return String.format(Locale.ROOT, channels > 1000 ? "%s-ch%05d" : "%s-ch%03d", base, c);
    }

    public Path meta(int c) {
        return dir.resolve(channelName(c) + SigmfFiles.META);
    }

    public Path data(int c) {
        return dir.resolve(channelName(c) + SigmfFiles.DATA);
    }

    public Path collection() {
        return dir.resolve(base + SigmfFiles.COLLECTION);
    }

    public Path journal() {
        return dir.resolve(base + ".nftb-journal");
    }
}
