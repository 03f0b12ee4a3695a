package org.nftb.dashboard;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code nftb run --bind} to an address that is not loopback, seen from that address: the run and every client live
 * in a network namespace this test creates (10.77.0.1 added to its own loopback interface: an address Java and
 * the server treat as another machine's, that nothing outside the namespace can reach, gone with its last process). A page opened without the token is refused — checked with
 * raw HTTP and, where Chromium is installed, with the browser — and the token opens it.
 */
class DashboardNetworkTest {
    static final String ADDRESS = "10.77.0.1";

    static boolean root() throws Exception {
        Process p = new ProcessBuilder("id", "-u").start();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().equals("0");
    }

    /** Runs {@code command} inside the namespace of process {@code pid}; returns its stdout. */
    static String inNamespace(long pid, List<String> command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=/proc/" + pid + "/ns/net", "--"));
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "timed out: " + cmd);
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The status line of one HTTP request from inside the namespace (bash's /dev/tcp: no client to install). */
    static String statusLine(long pid, int port, String path, String... headers) throws Exception {
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + ADDRESS + ":" + port + "\r\n"
                + String.join("", java.util.Arrays.stream(headers).map(h -> h + "\r\n").toList())
                + "Connection: close\r\n\r\n";
        return inNamespace(pid, List.of("bash", "-c", "exec 3<>/dev/tcp/" + ADDRESS + "/" + port
                + " && printf '%s' \"$1\" >&3 && head -n 1 <&3", "probe", request)).trim();
    }

    @Test
    void aPageOpenedFromAnotherAddressWithoutTheTokenIsRefusedAndTheTokenOpensIt() throws Exception {
        boolean tools = Files.isExecutable(Path.of("/usr/bin/unshare")) && Files.isExecutable(Path.of("/usr/bin/nsenter"));
        assumeTrue(tools && root(), "needs root, unshare and nsenter (util-linux) and ip (iproute2) to create a "
                + "network namespace with a non-loopback address");
        String token = DashboardConfig.newToken();
        Path records = Files.createTempFile("nftb-bind-", ".jsonl");
        List<String> cmd = new ArrayList<>(List.of("unshare", "--net", "sh", "-c",
                "ip link set lo up && ip addr add " + ADDRESS + "/32 dev lo || exit 97; exec \"$@\"", "sh"));
        cmd.addAll(NftbProcess.javaCommand(List.of("run", "--out", records.toString(), "--overwrite", "--bind", ADDRESS,
                "--dashboard-port", "0", "--dashboard-token", token)));
        try (NftbProcess run = NftbProcess.start(cmd)) {
            String url = run.await("nftb: dashboard at (\\S+)", 120);
            assertTrue(url.startsWith("http://" + ADDRESS + ":") && url.endsWith("/?token=" + token), url);
            int port = Integer.parseInt(url.replaceAll("^http://[^:]+:(\\d+)/.*$", "$1"));
            long pid = run.pid();

            assertEquals("HTTP/1.1 403 Forbidden", statusLine(pid, port, "/"));
            assertEquals("HTTP/1.1 403 Forbidden", statusLine(pid, port, "/?token=" + DashboardConfig.newToken()));
            assertEquals("HTTP/1.1 403 Forbidden", statusLine(pid, port, "/ws", DashboardAccessTest.UPGRADE));
            assertEquals("HTTP/1.1 200 OK", statusLine(pid, port, "/?token=" + token));
            assertTrue(statusLine(pid, port, "/ws?token=" + token, DashboardAccessTest.upgrade(
                    "Origin: http://" + ADDRESS + ":" + port)).startsWith("HTTP/1.1 101"));
            run.await("refused GET / from (" + ADDRESS.replace(".", "\\.") + ")", 10);   // the peer was not loopback

            if (Files.isExecutable(DashboardBrowserTest.CHROMIUM)) {
                String refused = chromiumDom(pid, "http://" + ADDRESS + ":" + port + "/");
                assertTrue(refused.contains("access token") && !refused.contains("NF-Testbed live"), refused);
                String page = chromiumDom(pid, url);
                assertTrue(page.contains("NF-Testbed live") && page.contains("id=\"map\""), page);
            }
            assertTrue(run.isAlive(), "the run went on serving: " + run.stderr());
        } finally {
            Files.deleteIfExists(records);
        }
    }

    /** The DOM Chromium builds for {@code url}, opened from inside the namespace with a fresh profile. */
    static String chromiumDom(long pid, String url) throws Exception {
        Path profile = Files.createTempDirectory("nftb-chromium-");
        try {
            return inNamespace(pid, List.of(DashboardBrowserTest.CHROMIUM.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--user-data-dir=" + profile, "--dump-dom", url));
        } finally {
            deleteTree(profile);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
