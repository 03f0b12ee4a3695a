package org.nftb.device.uhd.capi;

import org.bytedeco.javacpp.tools.Builder;
import org.bytedeco.javacpp.tools.CommandExecutor;
import org.bytedeco.javacpp.tools.Slf4jLogger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The native build must work on a fresh machine that installed exactly {@code .ci/apt-packages.txt}: every header
 * the JNI compile of {@link Uhd} reads belongs to a package named in that list (by the package that owns the
 * file, as {@code dpkg -S} says, not one that happens to pull it in). A header from an unlisted package fails here,
 * on the machine that has it, instead of on a user's machine that does not.
 *
 * <p>How: JavaCPP's own {@link Builder} generates {@code jniUhd.cpp} and {@code jnijavacpp.cpp} exactly as the
 * {@code uhd-build} execution in pom.xml does (same class, same include path {@code uhd.include.dir} =
 * {@code /usr/include}, JAVA_HOME from {@code java.home}); the compile command it would run is captured rather than
 * run, and its preprocessor flags are replayed with {@code g++ -M}, which lists every header the compile opens.
 * {@code dpkg -S} maps each header to its package. Skipped (assumption) only where {@code dpkg-query} or
 * {@code g++} is absent, i.e. off Debian/Ubuntu.
 */
class NativeBuildPackagesTest {
    /** {@code uhd.include.dir} in pom.xml (the uhd-native profile). */
    private static final String UHD_INCLUDE_DIR = "/usr/include";
    private static final Path APT_LIST = Path.of(".ci/apt-packages.txt");

    @Test
    void everyHeaderTheNativeBuildIncludesBelongsToAPackageInTheCiList(@TempDir Path dir) throws Exception {
        assumeTrue(runs("dpkg-query", "--version"), "dpkg-query is not installed: not a Debian/Ubuntu machine");
        assumeTrue(runs("g++", "--version"), "g++ is not installed: the native build cannot run here either");

        List<String> compile = javacppCompileCommand(dir);
        List<String> depCommand = preprocessorCommand(compile);
        Set<Path> sources = compile.stream().filter(a -> a.endsWith(".cpp")).map(a -> Path.of(a).normalize())
                .collect(Collectors.toSet());
        assertEquals(2, sources.size(), "JavaCPP compiles jniUhd.cpp and jnijavacpp.cpp: " + compile);

        Set<Path> headers = new TreeSet<>();
        for (String dep : run(depCommand, dir).split("[\\s\\\\]+")) {
            if (dep.isEmpty() || dep.endsWith(":")) {
                continue;                                        // make target "jniUhd.o:"
            }
            Path p = dir.resolve(dep).normalize();
            if (!sources.contains(p)) {
                headers.add(p);
            }
        }
        assertTrue(headers.size() > 100, "g++ -M listed only " + headers);

        Map<Path, Set<String>> owners = owners(headers, dir);
        Set<String> listed = aptList();
        Path javaHome = Path.of(System.getProperty("java.home")).toRealPath();
        Map<String, List<Path>> missing = new TreeMap<>();
        List<Path> fromRunningJdk = new ArrayList<>();
        for (Path h : headers) {
            Set<String> pkgs = owners.get(h);
            if (pkgs == null && h.toRealPath().startsWith(javaHome)) {
                fromRunningJdk.add(h);     // a JDK not installed by dpkg; CI installs openjdk-17-jdk-headless
                continue;
            }
            if (pkgs == null || pkgs.stream().noneMatch(listed::contains)) {
                String key = pkgs == null ? "(no package owns it)" : String.join(" | ", pkgs);
                missing.computeIfAbsent(key, k -> new ArrayList<>()).add(h);
            }
        }
        Map<String, Long> perPackage = owners.values().stream().flatMap(Set::stream)
                .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
        System.out.printf("native build: %d headers from %s%s%n", headers.size(), perPackage,
                fromRunningJdk.isEmpty() ? "" : "; from the running JDK (no package): " + fromRunningJdk);

        missing.forEach((pkg, files) -> files.forEach(f -> System.out.println("not from a listed package: " + f
                + " (" + pkg + ")")));
        StringBuilder why = new StringBuilder();
        missing.forEach((pkg, files) -> why.append("\n  ").append(pkg).append(" (").append(files.size())
                .append(" headers), e.g. ").append(files.stream().limit(3).map(Path::toString)
                        .collect(Collectors.joining(", "))));
        assertTrue(missing.isEmpty(), "the native build (g++ on jniUhd.cpp) includes headers of packages that "
                + APT_LIST + " does not list; add the package to the list (and to the install line in README.md and "
                + "docs/uhd.md); every such header is printed above the failure:" + why);
    }

    /** The g++ command JavaCPP's Builder would run for {@link Uhd}, captured instead of run; sources kept in dir. */
    private static List<String> javacppCompileCommand(Path dir) throws Exception {
        List<List<String>> commands = new ArrayList<>();
        CommandExecutor capture = new CommandExecutor(new Slf4jLogger(NativeBuildPackagesTest.class)) {
            @Override
            public int executeCommand(List<String> command, File workingDirectory, Map<String, String> env) {
                commands.add(List.copyOf(command));
                return 0;
            }
        };
        String classes = Path.of(Uhd.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        new Builder(new Slf4jLogger(NativeBuildPackagesTest.class)).classPaths(classes)
                .outputDirectory(dir.toFile()).property("platform.includepath", UHD_INCLUDE_DIR)
                .deleteJniFiles(false).copyLibs(false).commandExecutor(capture)
                .classesOrPackages(Uhd.class.getName()).build();
        assertEquals(1, commands.size(), "one compile command: " + commands);
        return commands.get(0);
    }

    /** The compile command reduced to what decides which headers are read (-I, -D, -U, -std, -m…), plus -M. */
    private static List<String> preprocessorCommand(List<String> compile) {
        List<String> cmd = new ArrayList<>(List.of(compile.get(0), "-M"));
        for (String a : compile.subList(1, compile.size())) {
            if (a.startsWith("-I") || a.startsWith("-D") || a.startsWith("-U") || a.startsWith("-std")
                    || a.startsWith("-m") || a.equals("-pthread") || a.endsWith(".cpp")) {
                cmd.add(a);
            }
        }
        return cmd;
    }

    /** Owning packages of each path ({@code dpkg -S}, architecture qualifiers dropped); absent when none. */
    private static Map<Path, Set<String>> owners(Set<Path> paths, Path dir) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("dpkg-query", "-S"));
        paths.forEach(p -> cmd.add(p.toString()));
        Map<Path, Set<String>> owners = new TreeMap<>();
        for (String line : stdoutOf(cmd, dir).split("\n")) {
            int sep = line.indexOf(": ");
            if (sep < 0 || line.startsWith("diversion by")) {
                continue;                                        // diversions
            }
            Set<String> pkgs = new TreeSet<>();
            for (String p : line.substring(0, sep).split(",")) {
                pkgs.add(p.trim().replaceFirst(":[a-z0-9_-]+$", ""));
            }
            owners.put(Path.of(line.substring(sep + 2).trim()), pkgs);
        }
        // usrmerge and symlinked include dirs: dpkg knows the file by another name
        for (Path p : paths) {
            if (!owners.containsKey(p) && !p.toRealPath().equals(p)) {
                Map<Path, Set<String>> real = owners(Set.of(p.toRealPath()), dir);
                real.values().forEach(v -> owners.put(p, v));
            }
        }
        return owners;
    }

    private static Set<String> aptList() throws IOException {
        Set<String> pkgs = new TreeSet<>();
        for (String line : Files.readAllLines(APT_LIST, StandardCharsets.UTF_8)) {
            String s = line.replaceFirst("#.*", "").trim();
            if (!s.isEmpty()) {
                pkgs.add(s);
            }
        }
        return pkgs;
    }

    private static boolean runs(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }

    /** Standard output only: dpkg-query -S exits 1 and complains on stderr when some path has no package. */
    private static String stdoutOf(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        return out;
    }
}
