package org.nftb.benchkit;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** What a benchmark prints beside its timings about the machine it ran on: processors and the current load. */
public final class MachineLoad {
    private MachineLoad() {
    }

    /** E.g. {@code "2 processors, load average over the last minute 1.0"} (the load is -1 where the OS has none). */
    public static String now() {
        return String.format(Locale.ROOT, "%d processors, load average over the last minute %.1f",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
