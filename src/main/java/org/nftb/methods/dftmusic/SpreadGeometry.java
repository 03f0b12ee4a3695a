package org.nftb.methods.dftmusic;

import org.nftb.model.ElementArray;

import java.util.Arrays;

/**
 * A second reading of seed 001's angle-Doppler map (ours): the target's position by triangulation from the angular
 * spread and its velocity from the tilt of the Doppler ridge, with no lookup table. It is exact geometry where the
 * paper's reading of eq. (16) only holds near its test point, and it is the first guess the refinement starts from.
 *
 * <p><b>Position.</b> In the near field each aperture point x sees the target in its own direction
 * {@code sin φ(x) = (X − x)/|p − e_x|}, and the angle DFT maps that point's share of the echo to angle bin
 * {@code u = sin φ(x)}. Every aperture point carries the same energy (unit-modulus model, eq. 1), so the fraction
 * q of the target's energy found below u is the fraction of the aperture beyond the point seeing u: the
 * q-quantile of the energy along the angle axis is seen from {@code x_q = x_end − q·N·d} (x_end the outer edge of
 * the last element). Each quantile is a ray from {@code (x_q, 0)} in direction {@code (u_q, √(1−u_q²))}; the target
 * is the least-squares intersection of the rays for q = 0.1, 0.2, …, 0.9, a 2×2 linear system
 * ({@code (X − x_q)·cos φ_q − Y·sin φ_q = 0}). Inner quantiles avoid the blurred edges that bias the paper's
 * half-power widths (where the aperture's two ends see the target at very different power densities, e.g. at
 * large angles and short ranges, part of the spread falls below half power and the widths read far targets).
 *
 * <p><b>Velocity.</b> The Doppler at angle bin u is the path rate of the aperture point seeing u, the projection
 * of the velocity on its line of sight: {@code L̇(u) = v_x u + v_y √(1−u²)} whatever the position. A weighted least
 * squares fit of the ridge (the Doppler centroid of every angle bin in the spread, weighted by its energy) on the
 * basis {@code cos(φ−θ), sin(φ−θ)} gives v_r and v_θ directly, signed. For a narrow spread (a far target) v_θ is
 * barely observable; a weak prior {@code v_θ ~ 0 ± v_max} keeps the solve stable there.
 *
 * <p><b>The ridge and the spread.</b> Pass 1 tracks the ridge from the map's strongest bin (rows summed over
 * ±2 resolution cells) outwards, each angle bin's ridge the strongest Doppler bin within {@value #TRACK_BINS} bins
 * of its neighbour's (so another target's spread at other Dopplers is not mixed in); pass 2 fits the line
 * {@code L̇(u)} to it and reads again along the line (a noise-only angle bin then adds no bias; picking its own
 * maximum adds about four noise levels per bin, enough at processed SNR 25 dB to pull the quantiles outwards).
 * Energy per angle bin: the map over the Doppler main lobe around the ridge ({@code ±P_d/M} bins) minus its noise;
 * the spread: the run of angle bins around the strongest whose smoothed energy exceeds a tenth of the peak and six
 * noise levels (gaps of a few bins allowed), padded by a few bins.
 *
 * <p>Measured over seed 001's region (θ ∈ ±60°, r from 2 apertures to the effective beamfocusing distance,
 * velocities ±15 m/s, 1000 draws, p99): at processed SNR 40 dB within 0.4 resolution cell in θ, 0.6 in 1/r (it
 * reads 0.3 cell far throughout: the blur of the spread's edges), 0.03 in v_r and 0.4 in v_θ; at 30 dB 1.5, 1.0,
 * 0.1 and 0.5. The paper's reading: 4-5 cells in θ and wrong basins in r at any SNR.
 *
 * <p>Kernel: no allocation after construction; not thread-safe.
 */
final class SpreadGeometry {
    private static final double[] QUANTILES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    private static final double SUPPORT_FRACTION = 0.1;
    private static final double SUPPORT_NOISE_LEVELS = 6;
    /**
     * How far (Doppler bins) the ridge may move from one angle bin to the next while tracked: across a whole spread
     * the Doppler changes by at most |v| times the spread's angle, about 0.2 bin per angle bin at seed 001's
     * region, so 2 bins follow it and stay off another target's ridge a few m/s away.
     */
    private static final int TRACK_BINS = 2;

    private final int angleBins;
    private final int dopplerBins;
    private final double wavelengthM;
    private final double spacingM;
    private final double symbolPeriodS;
    private final int elements;
    private final double apertureEndM;
    private final double maxTransverseMps;
    private final int window;
    private final int smooth;
    private final int gap;
    private final int first;     // first visible ordered angle position
    private final int last;      // last visible ordered angle position
    private final double[] energy;
    private final double[] smoothed;
    private final double[] centroid;
    private final double[] rowSum;
    private final double[] smoothedMap;
    private final int[] ridgeAt;
    private final int ridgeRows;

    private int supportLo;
    private int supportHi;
    private double along;
    private double across;

    double angleRad;
    double rangeM;
    double radialVelocityMps;
    double transverseVelocityMps;
    boolean valid;

    /**
     * @param maxTransverseMps scale of the prior on v_θ (the largest transverse speed the configuration expects)
     */
    SpreadGeometry(ElementArray rx, int symbols, int angleBins, int dopplerBins, double spacingM, double wavelengthM,
                   double symbolPeriodS, double maxTransverseMps) {
        this.angleBins = angleBins;
        this.dopplerBins = dopplerBins;
        this.wavelengthM = wavelengthM;
        this.spacingM = spacingM;
        this.symbolPeriodS = symbolPeriodS;
        this.elements = rx.count();
        this.apertureEndM = rx.xM(rx.count() - 1) - rx.referenceXM() + spacingM / 2;
        this.maxTransverseMps = maxTransverseMps;
        this.window = Math.max(1, dopplerBins / symbols);
        int angleOversampling = Math.max(1, angleBins / rx.count());
        this.smooth = angleOversampling;
        this.gap = Math.max(3, angleOversampling + 1);
        int f = -1;
        int l = -1;
        for (int q = 0; q < angleBins; q++) {
            if (Math.abs(sinOf(q)) <= 1) {
                if (f < 0) {
                    f = q;
                }
                l = q;
            }
        }
        this.first = f;
        this.last = l;
        this.energy = new double[angleBins];
        this.smoothed = new double[angleBins];
        this.centroid = new double[angleBins];
        this.rowSum = new double[dopplerBins];
        this.smoothedMap = new double[angleBins * dopplerBins];
        this.ridgeAt = new int[angleBins];
        this.ridgeRows = 2 * angleOversampling;
    }

    /** sin φ of ordered angle position q (q = k' + P_a/2, fractional allowed). */
    private double sinOf(double q) {
        return (q - angleBins / 2) * wavelengthM / (spacingM * angleBins);
    }

    /**
     * Reads the map {@code power[k · P_d + l]} (FFT order) with noise power per bin {@code noise}; sets the fields,
     * {@link #valid} false when the spread does not determine a position in front of the array.
     */
    void read(double[] power, double noise) {
        valid = false;
        // pass 1: the ridge tracked from the map's strongest (row-smoothed) bin outwards, each angle bin's ridge
        // the strongest Doppler bin within a few bins of its neighbour's: one target's ridge, even where another
        // target's spread overlaps it at other Dopplers
        Arrays.fill(rowSum, 0);
        for (int qq = first; qq < Math.min(last + 1, first + ridgeRows); qq++) {
            addRow(power, qq, 1);
        }
        int peakRow = first;
        double peakValue = -1;
        for (int q = first; q <= last; q++) {
            // rowSum holds rows [q − ridgeRows, q + ridgeRows] ∩ [first, last]: slide by one row
            if (q + ridgeRows <= last) {
                addRow(power, q + ridgeRows, 1);
            }
            if (q - ridgeRows - 1 >= first) {
                addRow(power, q - ridgeRows - 1, -1);
            }
            System.arraycopy(rowSum, 0, smoothedMap, q * dopplerBins, dopplerBins);
            for (int l = 0; l < dopplerBins; l++) {
                if (rowSum[l] > peakValue) {
                    peakValue = rowSum[l];
                    peakRow = q;
                    ridgeAt[q] = l;
                }
            }
        }
        ridgeAt[peakRow] = strongest(peakRow, ridgeAt[peakRow], dopplerBins / 2);
        windowSum(power, peakRow, ridgeAt[peakRow], noise);
        for (int q = peakRow + 1; q <= last; q++) {
            ridgeAt[q] = strongest(q, ridgeAt[q - 1], TRACK_BINS);
            windowSum(power, q, ridgeAt[q], noise);
        }
        for (int q = peakRow - 1; q >= first; q--) {
            ridgeAt[q] = strongest(q, ridgeAt[q + 1], TRACK_BINS);
            windowSum(power, q, ridgeAt[q], noise);
        }
        if (!support(noise)) {
            return;
        }
        // pass 2: the ridge as the line of sight projection of one velocity, L̇(u) = v_x u + v_y √(1−u²), fitted
        // to pass 1; windows along it are unbiased (an angle bin holding only noise no longer picks its maximum)
        if (!lineOfSightFit(supportLo, supportHi, 0, 0)) {
            return;
        }
        double lineVx = across;
        double lineVy = along;
        double mpsPerBin = wavelengthM / (symbolPeriodS * dopplerBins);
        for (int q = first; q <= last; q++) {
            double u = sinOf(q);
            double rate = lineVx * u + lineVy * Math.sqrt(Math.max(0, 1 - u * u));
            int ridge = Math.floorMod((int) Math.rint(-rate / mpsPerBin), dopplerBins);
            windowSum(power, q, ridge, noise);
        }
        if (!support(noise) || !triangulate(supportLo, supportHi)) {
            return;
        }
        if (!lineOfSightFit(supportLo, supportHi, angleRad, maxTransverseMps)) {
            return;
        }
        radialVelocityMps = along;
        transverseVelocityMps = across;
        valid = true;
    }

    /** First ordered angle position (q = k' + P_a/2) of the spread found by the last valid {@link #read}. */
    int supportLo() {
        return supportLo;
    }

    /** Last ordered angle position of that spread. */
    int supportHi() {
        return supportHi;
    }

    private void addRow(double[] power, int q, double sign) {
        int kb = row(q);
        for (int l = 0; l < dopplerBins; l++) {
            rowSum[l] += sign * power[kb + l];
        }
    }

    /** The Doppler bin of the row-smoothed map at angle position q strongest within ±{@code reach} of {@code near}. */
    private int strongest(int q, int near, int reach) {
        int base = q * dopplerBins;
        int best = near;
        double value = -1;
        for (int dl = -reach; dl <= reach; dl++) {
            int l = Math.floorMod(near + dl, dopplerBins);
            if (smoothedMap[base + l] > value) {
                value = smoothedMap[base + l];
                best = l;
            }
        }
        return best;
    }

    /** Row offset of ordered angle position q in the power map. */
    private int row(int q) {
        return Math.floorMod(q - angleBins / 2, angleBins) * dopplerBins;
    }

    /** Energy (noise removed) and Doppler centroid of angle position q over the main lobe around {@code ridge}. */
    private void windowSum(double[] power, int q, int ridge, double noise) {
        int kb = row(q);
        double sum = 0;
        double moment = 0;
        for (int dl = -window; dl <= window; dl++) {
            double p = power[kb + Math.floorMod(ridge + dl, dopplerBins)];
            sum += p;
            moment += dl * p;
        }
        energy[q] = sum - (2 * window + 1) * noise;
        double signedRidge = ridge < dopplerBins / 2 ? ridge : ridge - dopplerBins;
        centroid[q] = signedRidge + (sum > 0 ? moment / sum : 0);
    }

    /**
     * The spread: the run of angle positions around the strongest smoothed energy that stays over the threshold
     * (gaps allowed), padded; sets {@link #supportLo}, {@link #supportHi}. False when nothing stands out.
     */
    private boolean support(double noise) {
        int peak = first;
        for (int q = first; q <= last; q++) {
            double s = 0;
            int c = 0;
            for (int dq = -smooth; dq <= smooth; dq++) {
                int qq = q + dq;
                if (qq >= first && qq <= last) {
                    s += energy[qq];
                    c++;
                }
            }
            smoothed[q] = s / c;
            if (smoothed[q] > smoothed[peak]) {
                peak = q;
            }
        }
        double threshold = Math.max(SUPPORT_FRACTION * smoothed[peak], SUPPORT_NOISE_LEVELS * noise);
        if (!(smoothed[peak] > threshold)) {
            return false;
        }
        int lo = peak;
        int hi = peak;
        for (int q = peak, missed = 0; q >= first && missed <= gap; q--) {
            if (smoothed[q] > threshold) {
                lo = q;
                missed = 0;
            } else {
                missed++;
            }
        }
        for (int q = peak, missed = 0; q <= last && missed <= gap; q++) {
            if (smoothed[q] > threshold) {
                hi = q;
                missed = 0;
            } else {
                missed++;
            }
        }
        supportLo = Math.max(first, lo - gap);
        supportHi = Math.min(last, hi + gap);
        return true;
    }

    /**
     * Weighted least squares of the ridge's path rate over angle positions [lo, hi] on the line-of-sight basis
     * {@code (cos(φ−ψ), sin(φ−ψ))}, with {@code prior} (m/s) bounding the second coefficient; sets
     * {@link #along} and {@link #across}. With ψ = 0 the coefficients are (v_y, v_x); with ψ = θ, (v_r, v_θ).
     * A narrow spread leaves the direction across it free: the prior (and a tiny ridge term) keep it stable.
     */
    private boolean lineOfSightFit(int lo, int hi, double psi, double prior) {
        double s = Math.sin(psi);
        double c = Math.cos(psi);
        double mpsPerBin = wavelengthM / (symbolPeriodS * dopplerBins);
        double a11 = 0;
        double a12 = 0;
        double a22 = 0;
        double b1 = 0;
        double b2 = 0;
        double total = 0;
        for (int q = lo; q <= hi; q++) {
            double w = energy[q];
            if (!(w > 0)) {
                continue;
            }
            double u = Math.max(-1, Math.min(1, sinOf(q)));
            double cu = Math.sqrt(1 - u * u);
            double cosine = cu * c + u * s;       // cos(φ − ψ)
            double sine = u * c - cu * s;         // sin(φ − ψ)
            double rate = -centroid[q] * mpsPerBin;
            a11 += w * cosine * cosine;
            a12 += w * cosine * sine;
            a22 += w * sine * sine;
            b1 += w * cosine * rate;
            b2 += w * sine * rate;
            total += w;
        }
        double ridgeTerm = 1e-6 * (a11 + a22);
        double bound = prior > 0 ? mpsPerBin / prior : 0;
        a11 += ridgeTerm;
        a22 += ridgeTerm + total * bound * bound;
        double det = a11 * a22 - a12 * a12;
        if (!(det > 0)) {
            return false;
        }
        along = (b1 * a22 - b2 * a12) / det;
        across = (a11 * b2 - a12 * b1) / det;
        return true;
    }

    /** Least-squares intersection of the quantile rays over ordered positions [lo, hi]; false if degenerate. */
    private boolean triangulate(int lo, int hi) {
        double total = 0;
        for (int q = lo; q <= hi; q++) {
            total += energy[q];
        }
        if (!(total > 0)) {
            return false;
        }
        double a11 = 0;
        double a12 = 0;
        double a22 = 0;
        double b1 = 0;
        double b2 = 0;
        double cumulative = 0;
        int next = 0;
        for (int q = lo; q <= hi && next < QUANTILES.length; q++) {
            double before = cumulative;
            cumulative += energy[q];
            while (next < QUANTILES.length && cumulative >= QUANTILES[next] * total && energy[q] > 0) {
                double fraction = (QUANTILES[next] * total - before) / energy[q];
                double u = Math.max(-1, Math.min(1, sinOf(q - 0.5 + fraction)));
                double c = Math.sqrt(1 - u * u);
                double x = apertureEndM - QUANTILES[next] * elements * spacingM;
                // ray: (X − x) c − Y u = 0
                a11 += c * c;
                a12 -= c * u;
                a22 += u * u;
                b1 += x * c * c;
                b2 -= x * c * u;
                next++;
            }
        }
        double det = a11 * a22 - a12 * a12;
        if (next < 2 || !(det > 1e-12 * (a11 * a22))) {
            return false;
        }
        double x = (b1 * a22 - b2 * a12) / det;
        double y = (a11 * b2 - a12 * b1) / det;
        if (!(y > 0)) {
            return false;
        }
        angleRad = Math.atan2(x, y);
        rangeM = Math.hypot(x, y);
        return true;
    }

}
