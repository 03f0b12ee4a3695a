package org.nftb.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Reads a text file that a user names (a configuration, a calibration table) defensively: at most a given size
 * (so {@code /dev/zero} or a wrong file is refused, not read until the heap is gone), strictly UTF-8 (a binary
 * file is refused naming the byte offset of the first invalid byte, not "Input length = 1").
 */
public final class TextFiles {
    private TextFiles() {
    }

    /**
     * @param what    how to name the file's role in messages, e.g. "a configuration"
     * @param failure makes the exception to throw from a reason
     */
    public static String readUtf8(Path file, int maxBytes, String what, Function<String, RuntimeException> failure) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (NoSuchFileException e) {
            throw failure.apply("no such file");
        } catch (IOException e) {
            throw failure.apply("cannot read: " + e.getMessage());
        }
        if (bytes.length > maxBytes) {
            throw failure.apply("larger than " + (maxBytes >> 20) + " MiB: not " + what + " (is it the right file?)");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            throw failure.apply(String.format("is not UTF-8 text (invalid byte 0x%02x at byte offset %d): not %s",
                    bytes[in.position()] & 0xff, in.position(), what));
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
