package org.nftb.device.uhd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.cli.Main;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UhdDiscoveryTest {

    @Test
    void nftbDevicesListsTheSimulatedE320(@TempDir Path dir) throws Exception {
        try (UhdSimulator sim = UhdSimulator.start(dir.resolve("sim"), null, null)) {
            PrintStream old = System.out;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code;
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                CommandLine cl = Main.commandLine();
                code = cl.execute("devices", "--args", "addr=" + sim.address());
            } finally {
                System.setOut(old);
            }
            String listing = out.toString(StandardCharsets.UTF_8);
            System.out.println("nftb devices --args addr=" + sim.address() + ":\n" + listing);
            assertEquals(0, code, listing);
            assertTrue(listing.contains("serial=NFTBSIM"), listing);
            assertTrue(listing.contains("product=e320"), listing);
            assertTrue(listing.contains("type=e3xx"), listing);
        }
    }

    @Test
    void nftbDevicesSaysSoWhenNothingAnswers() {
        // 127.0.0.1 with no simulator running: libuhd's discovery gets no reply (nothing leaves loopback)
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = Main.commandLine().execute("devices", "--args", "addr=127.0.0.1");
        } finally {
            System.setErr(old);
        }
        assertEquals(1, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no UHD device found for --args addr=127.0.0.1"));
    }
}
