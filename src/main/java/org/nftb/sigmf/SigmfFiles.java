package org.nftb.sigmf;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File conventions of SigMF and the crash-safe way nftb writes metadata: a {@code .sigmf-meta} or
 * {@code .sigmf-collection} is written to a temporary file, forced to disk and renamed over the old one, so a reader
 * (or a crash) sees the old or the new file, never half of one.
 */
public final class SigmfFiles {
    /** The SigMF version nftb writes. */
    public static final String VERSION = "1.2.0";
    public static final String META = ".sigmf-meta";
    public static final String DATA = ".sigmf-data";
    public static final String COLLECTION = ".sigmf-collection";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SigmfFiles() {
    }

    /** A new SHA-512 digest. */
    public static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-512", e);
        }
    }

    /** Lower-case hex of a digest. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** SHA-512 of a whole file, lower-case hex. */
    public static String sha512Hex(Path file) throws IOException {
        return FileRegion.of(file).sha512Hex();
    }

    /** Writes {@code json} (pretty-printed) to {@code file} atomically; returns the bytes written. */
    public static byte[] writeJsonAtomically(Path file, JsonNode json) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(json);
        writeAtomically(file, out -> out.write(bytes));
        return bytes;
    }

    /** Something that writes a file's content. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code content} to {@code file} through a forced temporary file and an atomic rename. */
    public static void writeAtomically(Path file, Content content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(ch)) {
            OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            content.writeTo(buffered);
            buffered.flush();
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A pretty-printing generator on {@code out} (for metadata streamed rather than built as one tree). */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator g = JSON.getFactory().createGenerator(out);
        g.useDefaultPrettyPrinter();
        g.setCodec(JSON);
        return g;
    }

    /** The shared mapper (pretty-printing). */
    public static ObjectMapper json() {
        return JSON;
    }
}
