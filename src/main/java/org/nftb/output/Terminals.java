package org.nftb.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a standard stream of this process is a terminal. Java 17 has no {@code isatty}: {@link System#console()}
 * needs stdin and stdout both on a terminal. On Linux the file descriptor's link under {@code /proc/self/fd} names
 * the device ({@code /dev/pts/N}, {@code /dev/ttyN}) for a terminal and a pipe or file otherwise.
 */
public final class Terminals {
    private Terminals() {
    }

    /** True when file descriptor {@code fd} (1 stdout, 2 stderr) is a terminal. */
    public static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return fd == 1 && System.console() != null;
        }
    }
}
