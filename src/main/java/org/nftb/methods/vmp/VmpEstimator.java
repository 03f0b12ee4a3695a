package org.nftb.methods.vmp;

import org.nftb.model.SubarrayLayout;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.jtransforms.fft.DoubleFFT_1D;
import org.nftb.dsp.Fft;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.Estimator;
import org.nftb.estimator.TargetEstimate;
import org.nftb.frontend.Snapshot;
import org.nftb.frontend.SnapshotShape;
import org.nftb.model.CpiTiming;
import org.nftb.model.ElementArray;
import org.nftb.model.PolarJacobian;

import java.util.Arrays;
import java.util.List;

/**
 * Seed 000's VMP-NMPE (Algorithm 2) on the MIMO matched-filter outputs {@code Y_ij^(l)} ({@code N_t × N_r × L}):
 * <ol>
 *   <li><b>Coarse Doppler.</b> The pulse sequences of the first element pair of every subarray pair,
 *       zero-padded DFTs (length ≥ 4L) summed in power; the peak (parabolic interpolation) is f₀, common to all
 *       pairs.</li>
 *   <li><b>Decimation</b> (a choice for speed; the paper runs Algorithm 1 on all L pulses): each pair's data is
 *       multiplied by {@code e^{+j2π f₀ t_l}} and summed over blocks of B pulses. With the residual Doppler
 *       δ = f − f₀ this gives exactly the model of eq. (8) with L' = L/B pulses of period T' = BT at the block
 *       centres, Doppler δ and the gain multiplied by the Dirichlet factor {@code Σ_l e^{−j2πδ(t_l − t_b)}}, the
 *       same for every block (no approximation; white noise stays white). It costs {@code ≤ 0.5²/6} of the SNR
 *       (0.4 dB) at the largest residual the configuration allows ({@link VmpProvider} picks B from the maximum
 *       speed) and cuts Algorithm 1's passes from M²L to M²L' values.</li>
 *   <li><b>Algorithm 1</b> per pair ({@link SubarrayVbi}), then <b>fusion</b> ({@link Fusion}): option A or B.</li>
 * </ol>
 * Output: one target, position and velocity with their covariance (block-diagonal: the paper estimates them in two
 * stages), in polar form seen from the receive array's reference point. Quality: {@code fitAchieved} is the
 * κ-weighted mean cosine of the bearing residuals at the estimate, {@code fitExpected} the same mean if the
 * residuals came from the posteriors alone ({@code Σ κ A(κ) / Σ κ}); consistent when the achieved deficit
 * {@code 1 − fit} is at most 4 times the expected one and the velocity fit passes the same rule.
 *
 * <p>A kernel: allocates nothing per CPI; not thread-safe (one per worker).
 */
public final class VmpEstimator implements Estimator {
    /** Diagnostic names (units in the names). */
    public static final List<String> DIAGNOSTICS = List.of("coarseDopplerHz", "decimationPulses",
            "meanVbiIterations", "positionFit", "velocityFit", "fusionSystem1Subarray0");

    private final VmpConfig config;
    private final SubarrayLayout layout;
    private final SnapshotShape shape;
    private final ElementArray rx;
    private final double wavelengthM;
    private final double pulsePeriodS;
    private final int pulses;
    private final int blocks;
    private final int b;
    private final PairStage own;
    private final Fusion fusion;
    private final PairPosteriors posteriors;
    private final double[] rot;
    private final int fftSize;
    private final double[] spectrum;
    private final double[] series;
    private final DoubleFFT_1D fft;
    private final double[] jac = new double[16];
    private final DMatrixRMaj jm = new DMatrixRMaj(4, 4);
    private final DMatrixRMaj jinv = new DMatrixRMaj(4, 4);
    private final DMatrixRMaj cart = new DMatrixRMaj(4, 4);
    private final DMatrixRMaj tmp = new DMatrixRMaj(4, 4);
    private final DMatrixRMaj polar = new DMatrixRMaj(4, 4);
    private final double[] polarFlat = new double[16];

    double coarseDopplerHz;
    double meanIterations;

    public VmpEstimator(VmpConfig config, ElementArray tx, ElementArray rx, double wavelengthM, double pulsePeriodS,
                        int pulses) {
        this.config = config;
        this.layout = new SubarrayLayout(tx, rx, config.subarraySize(), wavelengthM);
        this.shape = new SnapshotShape(tx.count(), rx.count(), pulses);
        this.rx = rx;
        this.wavelengthM = wavelengthM;
        this.pulsePeriodS = pulsePeriodS;
        this.pulses = pulses;
        this.b = config.decimation();
        if (pulses % b != 0) {
            throw new IllegalArgumentException("decimation " + b + " must divide the " + pulses + " pulses");
        }
        this.blocks = pulses / b;
        int m = config.subarraySize();
        this.fusion = new Fusion(layout, wavelengthM);
        this.posteriors = new PairPosteriors(layout.pairs());
        this.rot = new double[2 * pulses];
        this.fftSize = Integer.highestOneBit(Math.max(2, 4 * pulses - 1)) << 1;
        this.spectrum = new double[fftSize];
        this.series = new double[2 * fftSize];
        Fft.singleThreaded();
        this.fft = new DoubleFFT_1D(fftSize);
        this.own = new PairStage(this);
    }

    SubarrayLayout pairLayout() { return layout; }
    SnapshotShape shape() { return shape; }
    VmpConfig config() { return config; }
    int decimation() { return b; }
    int blocks() { return blocks; }
    /** e^{+j2π f₀ t_l}, interleaved (valid after {@link #prepare}). */
    double[] derotation() { return rot; }

    @Override
    public String name() {
        return VmpConfig.TYPE;
    }

    public SubarrayLayout layout() {
        return layout;
    }

    /** Pulse period of the decimated data, T' = B T. */
    public double blockPeriodS() {
        return b * pulsePeriodS;
    }

    @Override
    public void estimate(Snapshot snapshot, EstimateFrame out) {
        out.clear();
        if (!snapshot.shape().equals(shape)) {
            throw new IllegalArgumentException("vmp configured for snapshots " + shape + ", got " + snapshot.shape());
        }
        boolean system = config.fusion() == VmpConfig.Fusion.SYSTEM;
        if (!run(snapshot.data(), system, Double.NaN, Double.NaN)) {
            return;
        }
        writeTarget(out.addTarget(), system);
    }

    /**
     * Stages 1 and 2 on {@code data} (a snapshot's values). With a finite {@code knownX, knownY} the velocity is
     * fused at that position instead of the estimate (the "true location" curve of seed 000 Fig. 5). Returns false
     * when the data hold no signal the fusion can use.
     */
    public boolean run(float[] data, boolean system, double knownX, double knownY) {
        prepare(data);
        own.run(data, 0, layout.pairs());
        return fuse(system, knownX, knownY);
    }

    /**
     * Stage 1 alone: the coarse Doppler f₀ and its derotation table. After it, {@link PairStage#run} may process
     * disjoint ranges of pairs on as many threads as the caller has, each with its own {@link #newPairStage()};
     * then {@link #fuse} (one thread, after all ranges are done).
     */
    public void prepare(float[] data) {
        coarseDoppler(data);
    }

    /** A further decimation + Algorithm 1 context writing into this estimator's posteriors (one per thread). */
    public PairStage newPairStage() {
        return new PairStage(this);
    }

    /** Stage 2 (fusion) on the posteriors of every pair; see {@link #run}. */
    public boolean fuse(boolean system, double knownX, double knownY) {
        int its = 0;
        for (int k = 0; k < layout.pairs(); k++) {
            its += posteriors.iterations[k];
        }
        meanIterations = (double) its / layout.pairs();
        if (!fusion.positionSubarrayLevel(posteriors)) {
            return false;
        }
        if (system && !fusion.positionSystemLevel(posteriors)) {
            return false;
        }
        boolean known = Double.isFinite(knownX) && Double.isFinite(knownY);
        double ax = known ? knownX : fusion.px;
        double ay = known ? knownY : fusion.py;
        return system ? fusion.velocitySystemLevel(posteriors, ax, ay, blockPeriodS())
                : fusion.velocitySubarrayLevel(posteriors, ax, ay, blockPeriodS());
    }

    public double xM() { return fusion.px; }
    public double yM() { return fusion.py; }
    public double vxMps() { return fusion.vx; }
    public double vyMps() { return fusion.vy; }
    /** Position covariance (xx, xy, yy), m². */
    public double positionCovariance(int i) { return fusion.covP[i]; }
    /** Velocity covariance (xx, xy, yy), (m/s)². */
    public double velocityCovariance(int i) { return fusion.covV[i]; }
    public PairPosteriors posteriors() { return posteriors; }

    /** f₀: the power-summed DFTs of one element pair per subarray pair (class comment, step 1). */
    private void coarseDoppler(float[] data) {
        Arrays.fill(spectrum, 0);
        int m = layout.subarraySize();
        for (int k = 0; k < layout.pairs(); k++) {
            int i = (k / layout.rxSubarrays()) * m;
            int j = (k % layout.rxSubarrays()) * m;
            int src = shape.index(i, j, 0);
            Arrays.fill(series, 0);
            for (int l = 0; l < pulses; l++) {
                series[2 * l] = data[src + 2 * l];
                series[2 * l + 1] = data[src + 2 * l + 1];
            }
            fft.complexForward(series);
            for (int q = 0; q < fftSize; q++) {
                spectrum[q] += series[2 * q] * series[2 * q] + series[2 * q + 1] * series[2 * q + 1];
            }
        }
        int best = 0;
        for (int q = 1; q < fftSize; q++) {
            if (spectrum[q] > spectrum[best]) {
                best = q;
            }
        }
        double lo = spectrum[(best - 1 + fftSize) % fftSize];
        double hi = spectrum[(best + 1) % fftSize];
        double c = spectrum[best];
        double den = lo - 2 * c + hi;
        double frac = den < 0 ? 0.5 * (lo - hi) / den : 0;
        // the sequence is e^{−j2π f l T}: the DFT Σ x e^{−j2π q l/P} peaks at q/P = −f T (mod 1)
        double cycles = -(best + frac) / fftSize;
        cycles -= Math.floor(cycles + 0.5);
        coarseDopplerHz = cycles / pulsePeriodS;
        for (int l = 0; l < pulses; l++) {
            double ph = 2 * Math.PI * coarseDopplerHz * CpiTiming.symbolTimeS(l, pulses, pulsePeriodS);
            rot[2 * l] = Math.cos(ph);
            rot[2 * l + 1] = Math.sin(ph);
        }
    }

    private void writeTarget(TargetEstimate t, boolean system) {
        double dx = fusion.px - rx.referenceXM();
        double dy = fusion.py - rx.referenceYM();
        double r = Math.hypot(dx, dy);
        double th = Math.atan2(dx, dy);
        double s = Math.sin(th);
        double c = Math.cos(th);
        t.setPolar(th, r, fusion.vx * s + fusion.vy * c, fusion.vx * c - fusion.vy * s, rx.referenceXM(),
                rx.referenceYM());
        // Cartesian (x, y, vx, vy) covariance, block-diagonal → polar: Σ_polar = J⁻¹ Σ J⁻ᵀ
        cart.zero();
        cart.set(0, 0, fusion.covP[0]);
        cart.set(0, 1, fusion.covP[1]);
        cart.set(1, 0, fusion.covP[1]);
        cart.set(1, 1, fusion.covP[2]);
        cart.set(2, 2, fusion.covV[0]);
        cart.set(2, 3, fusion.covV[1]);
        cart.set(3, 2, fusion.covV[1]);
        cart.set(3, 3, fusion.covV[2]);
        PolarJacobian.fill(th, r, t.radialVelocityMps(), t.transverseVelocityMps(), jac);
        System.arraycopy(jac, 0, jm.data, 0, 16);
        if (CommonOps_DDRM.invert(jm, jinv)) {
            CommonOps_DDRM.mult(jinv, cart, tmp);
            CommonOps_DDRM.multTransB(tmp, jinv, polar);
            System.arraycopy(polar.data, 0, polarFlat, 0, 16);
            t.setPolarCovariance(polarFlat);
        }
        double snrSum = 0;
        for (int k = 0; k < layout.pairs(); k++) {
            snrSum += posteriors.snr[k];
        }
        double snrDb = 10 * Math.log10(snrSum / layout.pairs());
        boolean consistent = 1 - fusion.fitP <= 4 * (1 - fusion.fitPExpected) + 1e-12
                && 1 - fusion.fitV <= 4 * (1 - fusion.fitVExpected) + 1e-12;
        t.setQuality(fusion.fitP, fusion.fitPExpected, snrDb, consistent);
        t.setDiagnostic(0, coarseDopplerHz);
        t.setDiagnostic(1, b);
        t.setDiagnostic(2, meanIterations);
        t.setDiagnostic(3, fusion.fitP);
        t.setDiagnostic(4, fusion.fitV);
        t.setDiagnostic(5, system ? 1 : 0);
    }
}
