package org.nftb.dsp;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComplexScaleTest {

    @Test
    void theTestJvmRunsTheSimdKernel() {
        assertTrue(ComplexScale.SIMD, "surefire passes --add-modules jdk.incubator.vector; the SIMD kernel must load");
    }

    @Test
    void theKernelMatchesTheScalarReferenceAtEveryLengthAndOffset() {
        SplittableRandom rng = new SplittableRandom(5);
        float[] in = new float[2 * 67 + 6];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) rng.nextGaussian();
        }
        for (int samples = 0; samples <= 67; samples++) {
            for (int offset : new int[] {0, 2, 6}) {
                float[] fast = new float[in.length];
                float[] slow = new float[in.length];
                ComplexScale.scale(in, offset, fast, offset, samples, 0.8f, -0.35f);
                ComplexScale.scalar(in, offset, slow, offset, samples, 0.8f, -0.35f);
                for (int i = 0; i < in.length; i++) {
                    // FMA rounds once where the scalar loop rounds twice: at most an ulp or so apart
                    assertEquals(slow[i], fast[i], 4 * Math.ulp(Math.abs(slow[i]) + 1f), "n=" + samples + " i=" + i);
                }
            }
        }
    }
}
