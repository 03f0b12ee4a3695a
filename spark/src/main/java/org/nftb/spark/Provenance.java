package org.nftb.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What is stored beside a job's results ({@code run.json}): the code version ({@code git describe} of the source
 * tree the jars were built from, else the jar's Maven version), the engine, the calibration identity and the job's
 * own fields; the spec or configuration text goes into its own file next to it.
 */
final class Provenance {
    private Provenance() {
    }

    /** {@code git describe --always --dirty --tags} of the tree holding this code, else the Maven version. */
    static String codeVersion() {
        try {
            Path here = Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(here) ? here : here.getParent();
            Process p = new ProcessBuilder("git", "describe", "--always", "--dirty", "--tags").directory(dir.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
                return "git " + out;
            }
        } catch (Exception e) {
            // not a git checkout (an installed jar): fall back to the jar's version below
        }
        String v = Provenance.class.getPackage().getImplementationVersion();
        return "nftb-spark " + (v != null ? v : "0.1.0-SNAPSHOT (no git checkout, no manifest version)");
    }

    /** Writes {@code fields} plus the code version as {@code run.json} in {@code dir}. */
    static void write(Path dir, Map<String, Object> fields) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("codeVersion", codeVersion());
        all.putAll(fields);
        try {
            Files.createDirectories(dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("run.json").toFile(),
                    all);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("run.json") + ": " + e.getMessage(), e);
        }
    }
}
