package org.nftb.sigmf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SigMF Archive (SigMF 1.2: a {@code .sigmf} file in the POSIX.1-2001 tar format holding Recordings — by
 * convention {@code N/N.sigmf-meta} and {@code N/N.sigmf-data} — and at most one {@code .sigmf-collection} at its top
 * level), indexed without unpacking: only the 512-byte headers are read, seeking from one to the next, so a member's
 * samples are later read in place at their offset ({@link FileRegion}).
 *
 * <p>Understood: ustar headers (name with prefix), pax extended headers ({@code path}, {@code size}: long names and
 * members beyond 8 GiB), GNU long names (and long link names, skipped), octal and base-256 numbers. Directories, links and other non-file members
 * are skipped; a sparse member (whose bytes are not stored in order) is refused. A checksum that does not match, a
 * number that does not parse, a member running past the end of the file or a file ending without the end-of-archive
 * block is a {@link CaptureException} naming the archive and the byte offset — never a silently shorter capture.
 */
public final class SigmfArchive {
    /** The filename extension of an Archive. */
    public static final String EXTENSION = ".sigmf";
    private static final int BLOCK = 512;
    private static final int MAX_EXTENDED_HEADER = 1 << 20;

    private final Path file;
    private final Map<String, FileRegion> members;

    private SigmfArchive(Path file, Map<String, FileRegion> members) {
        this.file = file;
        this.members = members;
    }

    /** True when {@code path}'s name says it is an Archive ({@code .sigmf}). */
    public static boolean isArchiveName(Path path) {
        return path.getFileName() != null && path.getFileName().toString().endsWith(EXTENSION);
    }

    /** Reads the index of the archive {@code file}. */
    public static SigmfArchive open(Path file) {
        String f = file.toString();
        Map<String, FileRegion> members = new LinkedHashMap<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer h = ByteBuffer.allocate(BLOCK);
            Map<String, String> pax = new HashMap<>();
            String longName = null;
            long pos = 0;
            while (true) {
                if (pos + BLOCK > size) {
                    throw new CaptureException(f, "", "ends at byte " + size + " where a tar header or the "
                            + "end-of-archive block should begin (byte " + pos + "): the archive is truncated");
                }
                h.clear();
                readFully(ch, h, pos, f);
                byte[] b = h.array();
                if (allZero(b)) {
                    break;
                }
                checkSum(b, pos, f);
                char type = (char) b[156];
                long headerSize = number(b, 124, 12, pos, "size", f);
                long dataSize = pax.containsKey("size") ? paxSize(pax.get("size"), pos, f) : headerSize;
                long data = pos + BLOCK;
                String name = pax.containsKey("path") ? pax.get("path") : longName != null ? longName : name(b);
                if (type == 'x' || type == 'g' || type == 'L') {
                    dataSize = headerSize;   // an extended header describes the member after it, not itself
                }
                if (data + dataSize > size) {
                    throw new CaptureException(f, "", "member '" + name + "' holds " + dataSize + " bytes from byte "
                            + data + " but the archive ends at byte " + size + ": the archive is truncated");
                }
                switch (type) {
                    case 'x' -> pax.putAll(paxRecords(ch, data, dataSize, f));
                    case 'g', 'K' -> { }   // global pax header, GNU long link name: nothing that places members
                    case 'L' -> longName = cString(text(ch, data, dataSize, f));
                    case 'S' -> throw new CaptureException(f, "", "member '" + name + "' (tar header at byte " + pos
                            + ") is a sparse file; SigMF data must be stored whole");
                    default -> {
                        if (type == '0' || type == '\0' || type == '7') {
                            members.put(normalise(name), new FileRegion(file, data, dataSize, f + "[" + name + "]"));
                        }
                        pax.clear();
                        longName = null;
                    }
                }
                pos = data + (dataSize + BLOCK - 1) / BLOCK * BLOCK;
            }
        } catch (NoSuchFileException e) {
            throw new CaptureException(f, "", "no such file");
        } catch (IOException e) {
            throw new CaptureException(f, "", "cannot read: " + e.getMessage(), e);
        }
        if (members.keySet().stream().noneMatch(n -> n.endsWith(SigmfFiles.META))) {
            throw new CaptureException(f, "", "is a tar archive but holds no .sigmf-meta: a SigMF Archive holds at "
                    + "least one Recording");
        }
        return new SigmfArchive(file, members);
    }

    public Path file() {
        return file;
    }

    /** The member at {@code path} (slash-separated, relative to the archive's top), or null. */
    public FileRegion member(String path) {
        return members.get(normalise(path));
    }

    /** The path of member {@code region} inside the archive. */
    public String pathOf(FileRegion region) {
        for (Map.Entry<String, FileRegion> e : members.entrySet()) {
            if (e.getValue().equals(region)) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException(region.name() + " is not a member of " + file);
    }

    /** Paths of the members whose names end with {@code extension}, in archive order. */
    public List<String> names(String extension) {
        List<String> out = new ArrayList<>();
        for (String n : members.keySet()) {
            if (n.endsWith(extension)) {
                out.add(n);
            }
        }
        return out;
    }

    private static String normalise(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        return p.startsWith("/") ? p.substring(1) : p;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos, String f) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new CaptureException(f, "", "ends at byte " + (pos + b.position()) + " inside the tar "
                        + "header at byte " + pos + ": the archive is truncated");
            }
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** POSIX: the sum of the header's bytes, unsigned, with the checksum field counted as spaces. */
    private static void checkSum(byte[] b, long pos, String f) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : b[i] & 0xff;
        }
        long stored = number(b, 148, 8, pos, "checksum", f);
        if (stored != sum) {
            throw new CaptureException(f, "", "the tar header at byte " + pos + " has checksum " + stored + " but its "
                    + "bytes sum to " + sum + ": the archive is damaged there (or is not a tar file)");
        }
    }

    /** An octal field (NUL/space padded) or a base-256 one (first byte's high bit set). */
    private static long number(byte[] b, int at, int len, long pos, String field, String f) {
        if ((b[at] & 0x80) != 0) {
            long v = b[at] & 0x3f;
            for (int i = 1; i < len; i++) {
                v = (v << 8) | (b[at + i] & 0xff);
            }
            return v;
        }
        long v = 0;
        boolean digits = false;
        for (int i = at; i < at + len; i++) {
            int c = b[i];
            if (c == 0 || (c == ' ' && digits)) {
                break;
            }
            if (c == ' ') {
                continue;
            }
            if (c < '0' || c > '7') {
                throw new CaptureException(f, "", "the tar header at byte " + pos + " has a " + field + " field "
                        + "that is not an octal number (byte " + (pos + i) + "): the archive is damaged there (or is "
                        + "not a tar file)");
            }
            v = v * 8 + (c - '0');
            digits = true;
        }
        return v;
    }

    private static String name(byte[] b) {
        String name = cString(new String(b, 0, 100, StandardCharsets.UTF_8));
        // POSIX ustar ("ustar\0" "00") has a name prefix at 345; old GNU tar ("ustar  \0") keeps times there
        boolean ustar = new String(b, 257, 5, StandardCharsets.US_ASCII).equals("ustar") && b[262] == 0;
        String prefix = ustar ? cString(new String(b, 345, 155, StandardCharsets.UTF_8)) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    private static String text(FileChannel ch, long data, long size, String f) throws IOException {
        if (size > MAX_EXTENDED_HEADER) {
            throw new CaptureException(f, "", "the extended tar header at byte " + (data - BLOCK) + " claims "
                    + size + " bytes; refusing more than " + MAX_EXTENDED_HEADER);
        }
        ByteBuffer b = ByteBuffer.allocate((int) size);
        readFully(ch, b, data, f);
        return new String(b.array(), StandardCharsets.UTF_8);
    }

    /** pax records: {@code "LEN key=value\n"}, LEN counting the whole record. */
    private static Map<String, String> paxRecords(FileChannel ch, long data, long size, String f) throws IOException {
        String s = text(ch, data, size, f);
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        Map<String, String> out = new HashMap<>();
        int i = 0;
        while (i < raw.length && raw[i] != 0) {
            int sp = i;
            while (sp < raw.length && raw[sp] != ' ') {
                sp++;
            }
            int len;
            try {
                len = Integer.parseInt(new String(raw, i, sp - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                len = -1;
            }
            if (len <= sp - i || i + len > raw.length) {
                throw new CaptureException(f, "", "the pax header at byte " + (data - BLOCK) + " has a malformed "
                        + "record at byte " + (data + i));
            }
            String kv = new String(raw, sp + 1, i + len - sp - 2, StandardCharsets.UTF_8);
            int eq = kv.indexOf('=');
            if (eq > 0) {
                out.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            i += len;
        }
        return out;
    }

    private static long paxSize(String v, long pos, String f) {
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new CaptureException(f, "", "the pax header before byte " + pos + " gives size '" + v + "', not a "
                + "byte count");
    }
}
