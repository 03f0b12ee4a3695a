package org.nftb.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code ./nftb} launcher's build step, run as written on a copy of the script, with a {@code mvn} on the PATH
 * that writes what Maven 3.8 {@code -q -B} writes (the reset code ESC[0m on stdout and stderr): none of it reaches
 * the operator's terminal when the build succeeds, and a failed build shows its output without the codes.
 */
class LauncherTest {
    static String launch(Path dir, int mvnExit) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/usr/bin/env bash\nprintf '\\033[0m\\033[0m[ERROR] a compile error\\n'\n"
                + "printf '\\033[0m\\033[0m' >&2\nexit " + mvnExit + "\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.copy(Path.of("nftb"), app.resolve("nftb"));
        Files.createDirectories(app.resolve("src/main"));
        Files.writeString(app.resolve("pom.xml"), "<project/>");
        ProcessBuilder pb = new ProcessBuilder("bash", app.resolve("nftb").toString(), "--version")
                .redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void aSuccessfulBuildPrintsNoEscapeCodes(@TempDir Path dir) throws Exception {
        String out = launch(dir, 0);
        assertTrue(out.contains("nftb: building"), out);
        assertFalse(out.contains("\033"), "escape codes reached the terminal: " + out.replace("\033", "^["));
        assertFalse(out.contains("a compile error"), "a good build's output is kept in the log: " + out);
    }

    @Test
    void aFailedBuildShowsItsOutputWithoutEscapeCodesAndStops(@TempDir Path dir) throws Exception {
        String out = launch(dir, 1);
        assertTrue(out.contains("[ERROR] a compile error") && out.contains("nftb: the build failed"), out);
        assertFalse(out.contains("\033"), out.replace("\033", "^["));
        assertEquals(-1, out.indexOf("Could not find or load main class"), out);
    }
}
