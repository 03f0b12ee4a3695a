package org.nftb.dsp;

import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * JTransforms set up for kernels: FFT kernels must not start threads (DESIGN: the pipeline owns threads), and
 * JTransforms spawns a pool by default. Call {@link #singleThreaded()} once before creating FFT plans.
 */
public final class Fft {
    private static volatile boolean configured;

    private Fft() {
    }

    /** Makes JTransforms run every transform on the calling thread. Idempotent. */
    public static void singleThreaded() {
        if (!configured) {
            synchronized (Fft.class) {
                if (!configured) {
                    ConcurrencyUtils.setNumberOfThreads(1);
                    configured = true;
                }
            }
        }
    }
}
