package org.nftb.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard options of {@code nftb run}: bad values are refused (exit 2) with a message naming them. */
class DashboardOptionsTest {

    static String refused(Path dir, String... dashboardArgs) throws Exception {
        StringWriter err = new StringWriter();
        String[] args = new String[6 + dashboardArgs.length];
        System.arraycopy(new String[] {"run", "--config", RunCommandTest.testConfig(dir).toString(), "--cpis", "2",
                "--out=" + dir.resolve("run.jsonl")}, 0, args, 0, 5);
        args[5] = "--overwrite";
        System.arraycopy(dashboardArgs, 0, args, 6, dashboardArgs.length);
        assertEquals(2, RunCommandTest.run(err, args), err.toString());
        return err.toString();
    }

    @Test
    void dashboardSettingsWithNoDashboardAreRefused(@TempDir Path dir) throws Exception {
        assertTrue(refused(dir, "--no-dashboard", "--bind", "0.0.0.0").contains("--no-dashboard cannot be combined"));
    }

    @Test
    void aShortTokenIsRefused(@TempDir Path dir) throws Exception {
        assertTrue(refused(dir, "--dashboard-token", "abc").contains("at least 16 characters"));
    }

    @Test
    void anAddressThatIsNotThisMachinesIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        String err = refused(dir, "--bind", "192.0.2.1", "--dashboard-port", "0");   // TEST-NET-1: never local
        assertTrue(err.contains("cannot serve the dashboard on 192.0.2.1"), err);
    }

    @Test
    void aTakenPortAskedForExplicitlyIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String err = refused(dir, "--dashboard-port", String.valueOf(taken.getLocalPort()));
            assertTrue(err.contains("127.0.0.1:" + taken.getLocalPort()) && err.contains("--dashboard-port"), err);
        }
    }

    @Test
    void aRunWithTheDashboardOnAFreePortWritesItsRecordsAsUsual(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(0, RunCommandTest.run(err, "run", "--config", RunCommandTest.testConfig(dir).toString(), "--cpis",
                "3", "--out", dir.resolve("run.jsonl").toString(), "--dashboard-port", "0"), err.toString());
        assertEquals(3, java.nio.file.Files.readAllLines(dir.resolve("run.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"estimate\"")).count());
    }
}
