package org.nftb.methods.dftmusic;

import org.nftb.config.Grid;
import org.nftb.model.ElementArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Computes {@link SpreadTables} once per configuration and caches them on disk, keyed by a SHA-256 of everything
 * that changes them (geometry, carrier, symbol period, CPI length, FFT sizes, grids, table version). A cache that
 * cannot be read or written (read-only or full disk) costs a rebuild, never a run.
 */
public final class SpreadTablesCache {
    private static final Logger LOG = LoggerFactory.getLogger(SpreadTablesCache.class);
    private static final String MAGIC = "NFTB-SPREAD-TABLES";
    /** Bump when the measurement or table layout changes. */
    private static final int VERSION = 3;

    private SpreadTablesCache() {
    }

    /** Loads the tables for this configuration from {@code cacheDir}, building and storing them if absent. */
    public static SpreadTables loadOrBuild(Path cacheDir, ElementArray rx, double wavelengthM, double symbolPeriodS,
                                           int symbols, int angleBins, int dopplerBins, Grid angleGrid,
                                           Grid rangeGrid, Grid transverseGrid) {
        String key = key(rx, wavelengthM, symbolPeriodS, symbols, angleBins, dopplerBins, angleGrid, rangeGrid,
                transverseGrid);
        String digest = sha256(key).substring(0, 20);
        Path file = cacheDir.resolve("dftmusic-tables-" + digest + ".bin");
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                SpreadTables t = read(new DataInputStream(in), key, angleGrid, rangeGrid, transverseGrid);
                LOG.debug("lookup tables read from {}", file);
                return t;
            } catch (IOException | RuntimeException e) {
                LOG.warn("lookup table cache {} unusable ({}); rebuilding", file, e.getMessage());
            }
        }
        long t0 = System.nanoTime();
        LOG.info("building dftmusic lookup tables ({} x {} x {} targets); cached for later runs",
                angleGrid.count(), rangeGrid.count(), transverseGrid.count());
        SpreadTables tables = SpreadTables.build(rx, wavelengthM, symbolPeriodS, symbols, angleBins, dopplerBins,
                angleGrid, rangeGrid, transverseGrid);
        LOG.info(String.format(Locale.ROOT, "lookup tables built in %.1f s", (System.nanoTime() - t0) / 1e9));
        Path tmp = null;
        try {
            Files.createDirectories(cacheDir);
            tmp = Files.createTempFile(cacheDir, "tables", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(new DataOutputStream(out), key, tables);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException e) {
            deleteQuietly(tmp);
            LOG.warn("could not cache lookup tables in {} ({}); they will be rebuilt next run", cacheDir,
                    e.getMessage());
        }
        return tables;
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: a stray temp file in a cache directory is harmless
            }
        }
    }

    static String key(ElementArray rx, double wavelengthM, double symbolPeriodS, int symbols, int angleBins,
                      int dopplerBins, Grid a, Grid r, Grid v) {
        StringBuilder sb = new StringBuilder();
        sb.append("v").append(VERSION).append(';');
        for (int i = 0; i < rx.count(); i++) {
            sb.append(Double.doubleToLongBits(rx.xM(i))).append(',').append(Double.doubleToLongBits(rx.yM(i))).append(';');
        }
        sb.append(Double.doubleToLongBits(wavelengthM)).append(';').append(Double.doubleToLongBits(symbolPeriodS))
                .append(';').append(symbols).append(';').append(angleBins).append(';').append(dopplerBins).append(';')
                .append(a).append(';').append(r).append(';').append(v);
        return sb.toString();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static void write(DataOutputStream out, String key, SpreadTables t) throws IOException {
        out.writeUTF(MAGIC);
        out.writeInt(VERSION);
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        out.writeInt(k.length);
        out.write(k);
        double[] aw = t.angleWidths();
        double[] dw = t.dopplerWidths();
        out.writeInt(aw.length);
        for (double x : aw) {
            out.writeDouble(x);
        }
        for (double x : dw) {
            out.writeDouble(x);
        }
        out.flush();
    }

    private static SpreadTables read(DataInputStream in, String key, Grid a, Grid r, Grid v) throws IOException {
        if (!MAGIC.equals(in.readUTF()) || in.readInt() != VERSION) {
            throw new IOException("not a version-" + VERSION + " table file");
        }
        int keyLength = in.readInt();
        if (keyLength != key.getBytes(StandardCharsets.UTF_8).length) {
            throw new IOException("key mismatch (length)");
        }
        byte[] k = new byte[keyLength];
        in.readFully(k);
        if (!key.equals(new String(k, StandardCharsets.UTF_8))) {
            throw new IOException("key mismatch (hash collision or edited file)");
        }
        int n = in.readInt();
        if (n != a.count() * r.count() * v.count()) {
            throw new IOException("size mismatch");
        }
        double[] aw = new double[n];
        double[] dw = new double[n];
        for (int i = 0; i < n; i++) {
            aw[i] = in.readDouble();
        }
        for (int i = 0; i < n; i++) {
            dw[i] = in.readDouble();
        }
        return new SpreadTables(a, new Grid(1 / r.max(), 1 / r.min(), r.count()), v, aw, dw);
    }
}
