package org.nftb.sigmf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Bytes {@code [offset, offset + length)} of a file: a whole {@code .sigmf-meta} or {@code .sigmf-data}, or a member
 * of a SigMF Archive ({@code .sigmf}, a tar file) read in place at its offset, never unpacked.
 *
 * @param file   the file holding the bytes (the archive, for a member of one)
 * @param offset first byte in {@code file}
 * @param length bytes
 * @param name   how messages name it: the file, or {@code archive.sigmf[member/path]}
 */
public record FileRegion(Path file, long offset, long length, String name) {

    /** The whole of {@code file}; a missing file is {@link java.nio.file.NoSuchFileException}. */
    public static FileRegion of(Path file) throws IOException {
        return new FileRegion(file, 0, Files.size(file), file.toString());
    }

    /** True when this is a member of an archive rather than a file of its own. */
    public boolean inArchive() {
        return !name.equals(file.toString());
    }

    /** A stream of the region's bytes (it ends at the region's end). */
    public InputStream open() throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        return new InputStream() {
            private long pos = offset;
            private final long end = offset + length;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= end) {
                    return -1;
                }
                int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - pos)), pos);
                if (n < 0) {
                    throw new IOException(name + ": ends at byte " + pos + " of " + file + ", before the " + length
                            + " bytes it should hold: the file was cut");
                }
                pos += n;
                return n;
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    /** SHA-512 of the region, lower-case hex. */
    public String sha512Hex() throws IOException {
        MessageDigest md = SigmfFiles.sha512();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = open()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return SigmfFiles.hex(md.digest());
    }
}
