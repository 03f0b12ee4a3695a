package org.nftb.model;

/**
 * The noise-free space-time snapshot of one point target over one CPI (seed 001 eq. 5-7, without W and noise):
 * {@code s[c, m] = exp(-j 2π/λ (L_c + t_m L̇_c))}, m = 0..M-1, with {@code t_m} from {@link CpiTiming} (relative
 * to the CPI centre, where L and L̇ are evaluated). Kernel: no allocation, no threads.
 */
public final class SpaceTimeSignal {
    private SpaceTimeSignal() {
    }

    /**
     * Adds {@code gain · s[c, m]} into {@code out}, interleaved re/im, channel-major: index {@code 2 (c M + m)}.
     *
     * @param pathM         path length per channel (from {@link PropagationModel#paths})
     * @param pathRateMps   path rate per channel
     * @param channels      channel count C
     * @param symbols       symbols per CPI M
     * @param symbolPeriodS T_r = 1/f_r, seconds
     * @param gainRe        real part of the complex gain
     * @param gainIm        imaginary part of the complex gain
     * @param out           accumulated into; length ≥ 2 C M
     */
    public static void accumulate(double[] pathM, double[] pathRateMps, int channels, int symbols,
                                  double wavelengthM, double symbolPeriodS,
                                  double gainRe, double gainIm, double[] out) {
        double k = 2 * Math.PI / wavelengthM;
        for (int c = 0; c < channels; c++) {
            double phase0 = -k * (pathM[c] + pathRateMps[c] * CpiTiming.symbolTimeS(0, symbols, symbolPeriodS));
            double step = -k * pathRateMps[c] * symbolPeriodS;
            // phasor recurrence: exact start and step, M complex products (rounding ~M·1e-16)
            double pr = gainRe * Math.cos(phase0) - gainIm * Math.sin(phase0);
            double pi = gainRe * Math.sin(phase0) + gainIm * Math.cos(phase0);
            double sr = Math.cos(step);
            double si = Math.sin(step);
            int base = 2 * c * symbols;
            for (int m = 0; m < symbols; m++) {
                out[base + 2 * m] += pr;
                out[base + 2 * m + 1] += pi;
                double nr = pr * sr - pi * si;
                pi = pr * si + pi * sr;
                pr = nr;
            }
        }
    }
}
