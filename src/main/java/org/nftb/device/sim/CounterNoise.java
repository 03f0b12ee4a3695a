package org.nftb.device.sim;

/**
 * Index-addressable randomness of the simulated array: every random value is a pure function of (scene seed,
 * stream, channel, sample index), never of the order in which values are asked for. So the samples a receive
 * delivers do not depend on the receive-buffer size, on how CPIs are chunked, or on thread timing.
 *
 * <p>The generator is Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3",
 * SC'11; the Random123 reference): a keyed bijection of a 128-bit counter, so distinct counters never collide.
 * Key = the 64-bit scene seed (low word first). Counter words:
 * {@code (index low, index high, channel, stream << 4 | purpose)}, where {@code stream} counts the starts of
 * streaming (0 for the first) and {@code purpose} separates the uses below. Checked against Random123's
 * known-answer vectors.
 *
 * <p><b>Noise</b> ({@link #gaussian}): the 128 output bits give two uniforms with 53 random bits each,
 * {@code u₁ = (a + 1) 2⁻⁵³ ∈ (0, 1]} and {@code u₂ = b 2⁻⁵³ ∈ [0, 1)}; Box–Muller gives the circular complex
 * Gaussian {@code z = √(−ln u₁) · e^{j 2π u₂}}: |z|² ~ Exp(1), so {@code E|z|² = 1} (unit power per complex
 * sample), the phase is uniform and independent of |z| (circular: {@code E z² = 0}, re and im independent, each
 * of variance 1/2). Different (channel, index) pairs give independent draws.
 *
 * <p><b>LO phase jumps</b> ({@link #quarterTurns}): k ∈ {0, 1, 2, 3} from the two lowest bits of the first word
 * for counter {@code (event low, event high, channel, purpose 1)}.
 *
 * <p>No allocation; not thread-safe (the results of {@link #gaussian} are read from the instance).
 */
public final class CounterNoise {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final double TWO_POW_53_INV = 0x1.0p-53;
    private static final int PURPOSE_NOISE = 0;
    private static final int PURPOSE_LO_PHASE = 1;

    private final int key0;
    private final int key1;
    private int out0;
    private int out1;
    private int out2;
    private int out3;
    private double re;
    private double im;

    public CounterNoise(long seed) {
        this.key0 = (int) seed;
        this.key1 = (int) (seed >>> 32);
    }

    /**
     * Draws the unit-power complex Gaussian of {@code sampleIndex} on {@code channel} in stream {@code stream};
     * read it with {@link #re()} and {@link #im()}.
     */
    public void gaussian(int channel, long sampleIndex, int stream) {
        philox((int) sampleIndex, (int) (sampleIndex >>> 32), channel, stream << 4 | PURPOSE_NOISE);
        long a = ((out0 & 0xFFFFFFFFL) << 32 | (out1 & 0xFFFFFFFFL)) >>> 11;
        long b = ((out2 & 0xFFFFFFFFL) << 32 | (out3 & 0xFFFFFFFFL)) >>> 11;
        double u1 = (a + 1) * TWO_POW_53_INV;
        double u2 = b * TWO_POW_53_INV;
        double r = Math.sqrt(-Math.log(u1));
        double phase = 2 * Math.PI * u2;
        re = r * Math.cos(phase);
        im = r * Math.sin(phase);
    }

    /** Real part of the last {@link #gaussian} draw (variance 1/2). */
    public double re() {
        return re;
    }

    /** Imaginary part of the last {@link #gaussian} draw (variance 1/2). */
    public double im() {
        return im;
    }

    /** The LO phase jump k ∈ {0, 1, 2, 3} (phase k·90°) of {@code channel} at retune/restart number {@code event}. */
    int quarterTurns(long event, int channel) {
        philox((int) event, (int) (event >>> 32), channel, PURPOSE_LO_PHASE);
        return out0 & 3;
    }

    /** Philox4x32-10 of the counter under this instance's key; the four output words land in out0..out3. */
    private void philox(int c0, int c1, int c2, int c3) {
        int k0 = key0;
        int k1 = key1;
        for (int round = 0; round < 10; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            int n3 = (int) p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
        }
        out0 = c0;
        out1 = c1;
        out2 = c2;
        out3 = c3;
    }

    /** Philox4x32-10 of {@code counter} under {@code key} (for known-answer tests; allocates the result). */
    static int[] philox4x32(int[] counter, int[] key) {
        CounterNoise g = new CounterNoise((key[0] & 0xFFFFFFFFL) | (long) key[1] << 32);
        g.philox(counter[0], counter[1], counter[2], counter[3]);
        return new int[] {g.out0, g.out1, g.out2, g.out3};
    }
}
