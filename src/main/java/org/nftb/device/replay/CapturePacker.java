package org.nftb.device.replay;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.nftb.sigmf.CaptureException;
import org.nftb.sigmf.SigmfArchive;
import org.nftb.sigmf.SigmfFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Packs a capture into one SigMF Archive ({@code .sigmf}: POSIX.1-2001 tar, written with Apache Commons Compress in
 * its pax modes, so long names and datasets beyond 8 GiB are stored exactly). The files go in flat, as they lie in
 * the capture's directory — the {@code .sigmf-collection} at the archive's top level beside its Recordings — so
 * that the archive extracted is the capture as it was. Only a capture that opens cleanly (hashes verified, metadata
 * final) is packed; the archive is written to a temporary file, forced to disk and renamed, so a crash never leaves
 * half an archive under the final name.
 */
public final class CapturePacker {
    private CapturePacker() {
    }

    /** Packs {@code capture} (a directory or file {@link Capture#open} accepts) into {@code archive}; returns it opened. */
    public static Capture pack(Path capture, Path archive) {
        if (!SigmfArchive.isArchiveName(archive)) {
            throw new CaptureException(archive.toString(), "", "a SigMF Archive's name must end with "
                    + SigmfArchive.EXTENSION);
        }
        if (Files.exists(archive)) {
            throw new CaptureException(archive.toString(), "", "exists; choose another name so that nothing is "
                    + "overwritten");
        }
        Capture c = Capture.open(capture);
        if (c.reference().meta().inArchive()) {
            throw new CaptureException(c.source().toString(), "", "is already a SigMF Archive");
        }
        Set<Path> files = new LinkedHashSet<>();
        if (c.collection() != null) {
            files.add(c.source());
        }
        for (Recording r : c.recordings()) {
            files.add(r.meta().file());
            files.add(r.data().file());
        }
        List<Path> list = new ArrayList<>(files);
        try {
            SigmfFiles.writeAtomically(archive, out -> {
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (Path f : list) {
                    TarArchiveEntry e = new TarArchiveEntry(f.toFile(), f.getFileName().toString());
                    tar.putArchiveEntry(e);
                    Files.copy(f, tar);
                    tar.closeArchiveEntry();
                }
                tar.finish();
            });
        } catch (IOException e) {
            throw new CaptureException(archive.toString(), "", "cannot write: " + e.getMessage(), e);
        }
        return Capture.open(archive);
    }
}
