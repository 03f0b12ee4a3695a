package org.nftb.spark;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The application's jars that executors fetch from the driver ({@code spark.jars}): nftb's own classes (the
 * controller's jar and this module's) and their libraries that Spark does not provide, listed by the build in
 * {@code app.classpath} (Maven's runtime scope: Spark, being {@code provided}, is not in it). A class directory
 * (tests run from {@code target/classes}) is packed into a temporary jar first.
 */
final class AppJars {
    /** System property naming the file that lists the application's class path (set by the launcher and tests). */
    static final String PROPERTY = "nftb.spark.appClasspath";

    private AppJars() {
    }

    static List<String> forExecutors() {
        String file = System.getProperty(PROPERTY);
        if (file == null) {
            throw new IllegalStateException("system property " + PROPERTY + " is not set: start nftb study/reprocess "
                    + "through ./nftb, which names spark/target/app.classpath");
        }
        List<String> entries = new ArrayList<>();
        try {
            for (String e : Files.readString(Path.of(file)).trim().split(File.pathSeparator)) {
                if (!e.isBlank()) {
                    entries.add(e);
                }
            }
            entries.add(Path.of(AppJars.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<String> jars = new ArrayList<>();
        for (String e : entries) {
            Path p = Path.of(e);
            jars.add(Files.isDirectory(p) ? pack(p).toString() : p.toString());
        }
        return jars;
    }

    /** A class directory as a temporary jar (deleted when the JVM exits). */
    private static Path pack(Path dir) {
        try {
            Path jar = Files.createTempFile("nftb-classes-", ".jar");
            jar.toFile().deleteOnExit();
            try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
                 Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + dir + " into a jar: " + e.getMessage(), e);
        }
    }
}
