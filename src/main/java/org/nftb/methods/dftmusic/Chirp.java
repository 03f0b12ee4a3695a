package org.nftb.methods.dftmusic;

/**
 * Per-element sums of {@link MusicSpectrum}'s straight-line model over one element's symbols, against the chirp
 * {@code e_m = exp(j(α t_m + β t_m²))} (α = −k L̇, β = −k L̈/2, t_m = t_0 + mT): the quadratic phase breaks the
 * geometric sequence that Horner's rule needs, so the sums run forwards with the chirp advanced by recurrence,
 * {@code e_{m+1} = e_m d_m}, {@code d_{m+1} = d_m w}, {@code w = exp(j 2βT²)}, and for the correlation in four
 * interleaved chains, {@code e_{m+4} = e_m D_m}, {@code D_{m+4} = D_m G} with
 * {@code D_m = exp(j(4αT + β(8T t_m + 16T²)))} and {@code G = w¹⁶}: three complex products per sample instead of
 * Horner's one, three phasors per element (the chains' starts come from the one-step chirp by products). Over the
 * 32 symbols of a CPI the recurrence's rounding stays near 10⁻¹⁵.
 *
 * <p>Data are the conjugated snapshot {@code conj(y[n,m])} at {@code [base + 2m]}. Kernel: no allocation; results
 * in fields; not thread-safe.
 */
final class Chirp {
    private final SinCos phasor = new SinCos();
    private final double[] startRe = new double[4];
    private final double[] startIm = new double[4];
    private final double[] stepRe = new double[4];
    private final double[] stepIm = new double[4];
    private double oneStepRe;
    private double oneStepIm;
    private double wRe;
    private double wIm;
    private double growRe;
    private double growIm;
    /** Σ conj(y) e_m after {@link #correlate} or {@link #moments}. */
    double re;
    double im;
    /** Σ t_m conj(y) e_m and Σ t_m² conj(y) e_m after {@link #moments}. */
    double re1;
    double im1;
    double re2;
    double im2;

    /** Sets the chirp: α, β (rad/s, rad/s²), first symbol time t_0 and period T (s). */
    void set(double alpha, double beta, double firstTimeS, double periodS) {
        phasor.set(alpha * firstTimeS + beta * firstTimeS * firstTimeS);
        double er = phasor.cos;
        double ei = phasor.sin;
        phasor.set(alpha * periodS + beta * (2 * periodS * firstTimeS + periodS * periodS));
        double dr = phasor.cos;
        double di = phasor.sin;
        phasor.set(2 * beta * periodS * periodS);
        wRe = phasor.cos;
        wIm = phasor.sin;
        oneStepRe = dr;
        oneStepIm = di;
        // e_{j+1} = e_j d_j, d_{j+1} = d_j w; D_0 = d_0 d_1 d_2 d_3
        double bigR = 1;
        double bigI = 0;
        for (int j = 0; j < 4; j++) {
            if (j > 0) {
                double t = er * dr - ei * di;
                ei = er * di + ei * dr;
                er = t;
                t = dr * wRe - di * wIm;
                di = dr * wIm + di * wRe;
                dr = t;
            }
            startRe[j] = er;
            startIm[j] = ei;
            double t = bigR * dr - bigI * di;
            bigI = bigR * di + bigI * dr;
            bigR = t;
        }
        // D_{j+1} = D_j w⁴; G = w¹⁶
        double w2r = wRe * wRe - wIm * wIm;
        double w2i = 2 * wRe * wIm;
        double w4r = w2r * w2r - w2i * w2i;
        double w4i = 2 * w2r * w2i;
        for (int j = 0; j < 4; j++) {
            stepRe[j] = bigR;
            stepIm[j] = bigI;
            double t = bigR * w4r - bigI * w4i;
            bigI = bigR * w4i + bigI * w4r;
            bigR = t;
        }
        double w8r = w4r * w4r - w4i * w4i;
        double w8i = 2 * w4r * w4i;
        growRe = w8r * w8r - w8i * w8i;
        growIm = 2 * w8r * w8i;
    }

    /** {@link #re}, {@link #im} = {@code Σ_m conj(y[n,m]) e_m}. */
    void correlate(double[] conjY, int base, int symbols) {
        if ((symbols & 3) != 0) {
            moments(conjY, base, symbols, null, null);
            return;
        }
        double e0r = startRe[0], e0i = startIm[0], e1r = startRe[1], e1i = startIm[1];
        double e2r = startRe[2], e2i = startIm[2], e3r = startRe[3], e3i = startIm[3];
        double s0r = stepRe[0], s0i = stepIm[0], s1r = stepRe[1], s1i = stepIm[1];
        double s2r = stepRe[2], s2i = stepIm[2], s3r = stepRe[3], s3i = stepIm[3];
        double gr = growRe;
        double gi = growIm;
        double aR = 0, aI = 0, bR = 0, bI = 0, cR = 0, cI = 0, dR = 0, dI = 0;
        for (int m = 0; m < symbols; m += 4) {
            int i = base + 2 * m;
            double yr = conjY[i];
            double yi = conjY[i + 1];
            aR += yr * e0r - yi * e0i;
            aI += yr * e0i + yi * e0r;
            yr = conjY[i + 2];
            yi = conjY[i + 3];
            bR += yr * e1r - yi * e1i;
            bI += yr * e1i + yi * e1r;
            yr = conjY[i + 4];
            yi = conjY[i + 5];
            cR += yr * e2r - yi * e2i;
            cI += yr * e2i + yi * e2r;
            yr = conjY[i + 6];
            yi = conjY[i + 7];
            dR += yr * e3r - yi * e3i;
            dI += yr * e3i + yi * e3r;
            double t;
            t = e0r * s0r - e0i * s0i;
            e0i = e0r * s0i + e0i * s0r;
            e0r = t;
            t = e1r * s1r - e1i * s1i;
            e1i = e1r * s1i + e1i * s1r;
            e1r = t;
            t = e2r * s2r - e2i * s2i;
            e2i = e2r * s2i + e2i * s2r;
            e2r = t;
            t = e3r * s3r - e3i * s3i;
            e3i = e3r * s3i + e3i * s3r;
            e3r = t;
            t = s0r * gr - s0i * gi;
            s0i = s0r * gi + s0i * gr;
            s0r = t;
            t = s1r * gr - s1i * gi;
            s1i = s1r * gi + s1i * gr;
            s1r = t;
            t = s2r * gr - s2i * gi;
            s2i = s2r * gi + s2i * gr;
            s2r = t;
            t = s3r * gr - s3i * gi;
            s3i = s3r * gi + s3i * gr;
            s3r = t;
        }
        re = aR + bR + cR + dR;
        im = aI + bI + cI + dI;
    }

    /** The one-chain walk of {@link #moments}, {@link #subtract} and {@link #multiply}: e_m and d_m. */
    private double er;
    private double ei;
    private double dr;
    private double di;

    private void begin() {
        er = startRe[0];
        ei = startIm[0];
        dr = oneStepRe;
        di = oneStepIm;
    }

    /** e_{m+1} = e_m d_m, d_{m+1} = d_m w. */
    private void advance() {
        double t = er * dr - ei * di;
        ei = er * di + ei * dr;
        er = t;
        t = dr * wRe - di * wIm;
        di = dr * wIm + di * wRe;
        dr = t;
    }

    /**
     * {@link #re}/{@link #im}, {@link #re1}/{@link #im1} and {@link #re2}/{@link #im2}: the sums of
     * {@code conj(y[n,m]) e_m} weighted by 1, t_m and t_m² ({@code times}, {@code times2}; both null: the first
     * only).
     */
    void moments(double[] conjY, int base, int symbols, double[] times, double[] times2) {
        begin();
        double s0r = 0, s0i = 0, s1r = 0, s1i = 0, s2r = 0, s2i = 0;
        for (int m = 0; m < symbols; m++) {
            int i = base + 2 * m;
            double pr = conjY[i] * er - conjY[i + 1] * ei;
            double pi = conjY[i] * ei + conjY[i + 1] * er;
            s0r += pr;
            s0i += pi;
            if (times != null) {
                s1r += times[m] * pr;
                s1i += times[m] * pi;
                s2r += times2[m] * pr;
                s2i += times2[m] * pi;
            }
            advance();
        }
        re = s0r;
        im = s0i;
        re1 = s1r;
        im1 = s1i;
        re2 = s2r;
        im2 = s2i;
    }

    /** {@code conj(y[n,m]) −= g · conj(a e_m)} for the complex gain g and element phasor a. */
    void subtract(double[] conjY, int base, int symbols, double ar, double ai, double gr, double gi) {
        begin();
        for (int m = 0; m < symbols; m++) {
            int i = base + 2 * m;
            double vr = ar * er - ai * ei;
            double vi = -(ar * ei + ai * er);          // conj(a e_m)
            conjY[i] -= gr * vr - gi * vi;
            conjY[i + 1] -= gr * vi + gi * vr;
            advance();
        }
    }

    /** {@code out[base + 2m] = conjY[base + 2m] · e_m} (complex, interleaved). */
    void multiply(double[] conjY, double[] out, int base, int symbols) {
        begin();
        for (int m = 0; m < symbols; m++) {
            int i = base + 2 * m;
            double yr = conjY[i];
            double yi = conjY[i + 1];
            out[i] = yr * er - yi * ei;
            out[i + 1] = yr * ei + yi * er;
            advance();
        }
    }
}
