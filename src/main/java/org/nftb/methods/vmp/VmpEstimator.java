package org.nftb.methods.vmp;

import java.util.Arrays;
import org.nftb.model.SubarrayLayout;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.Estimator;
import org.nftb.estimator.TargetEstimate;
import org.nftb.frontend.Snapshot;
import org.nftb.frontend.SnapshotShape;
import org.nftb.model.ElementArray;
import org.nftb.model.PolarJacobian;

import java.util.Arrays;
import java.util.List;

/**
 * Seed 000's VMP-NMPE (Algorithm 2) on the MIMO matched-filter outputs {@code Y_ij^(l)} ({@code N_t × N_r × L}),
 * followed by the coherent refinement when configured:
 * <ol>
 *   <li><b>Coarse Doppler and decimation</b> ({@link VmpDecimator}; a choice for speed, the paper runs Algorithm 1
 *       on all L pulses): each pair's data is multiplied by {@code e^{+j2π f₀ t_l}} and summed over blocks of B
 *       pulses. With the residual Doppler δ = f − f₀ this gives exactly the model of eq. (8) with L' = L/B pulses of
 *       period T' = BT at the block centres, Doppler δ and the gain multiplied by the Dirichlet factor
 *       {@code Σ_l e^{−j2πδ(t_l − t_b)}}, the same for every block (no approximation; white noise stays white). It
 *       costs {@code ≤ 0.5²/6} of the SNR (0.4 dB) at the largest residual the configuration allows
 *       ({@link VmpProvider} picks B from the maximum speed) and cuts Algorithm 1's passes from M²L to M²L'
 *       values.</li>
 *   <li><b>Algorithm 1</b> per pair ({@link SubarrayVbi}, {@link PairStage}), then <b>fusion</b> ({@link Fusion}):
 *       option A or B.</li>
 *   <li><b>Coherent refinement</b> ({@code refine: coherent}, beyond the paper; {@link CoherentRefinement}):
 *       scoring on the exact one-gain model over the decimated data from VMP's answer; its answer replaces VMP's
 *       only when its own quality check accepts it.</li>
 * </ol>
 * Output: one target, position and velocity with their covariance, in polar form seen from the receive array's
 * reference point. The covariance is named ({@link TargetEstimate#covarianceBound()}): {@value #BOUND_PAIR_GAINS}
 * (VMP's fusion covariance, block-diagonal: the paper estimates position and velocity in two stages; one gain per
 * subarray pair, the model of the paper's bound) or, for a refined answer, {@value #BOUND_ONE_GAIN} (the inverse
 * single-gain Fisher information of the exact model at the estimate, with the estimated gain and noise); the other
 * one rides along as the reference covariance when the refinement ran. Quality: {@code fitAchieved} is the
 * κ-weighted mean cosine of the bearing residuals at VMP's estimate, {@code fitExpected} the same mean if the
 * residuals came from the posteriors alone ({@code Σ κ A(κ) / Σ κ}); consistent when the achieved deficit
 * {@code 1 − fit} is at most 4 times the expected one and the velocity fit passes the same rule, or when the
 * refinement's own check accepted its answer.
 *
 * <p>A kernel: allocates nothing per CPI; not thread-safe (one per worker).
 */
public final class VmpEstimator implements Estimator {
    /** Diagnostic names (units in the names). */
    public static final List<String> DIAGNOSTICS = List.of("coarseDopplerHz", "decimationPulses",
            "meanVbiIterations", "positionFit", "velocityFit", "fusionSystem1Subarray0", "refineOutcome",
            "refineIterations", "coherentSnrDb", "coherenceRatio", "vmpDistance2");
    /** Covariance name: VMP's fusion covariance (one gain per subarray pair, as the paper's bound). */
    public static final String BOUND_PAIR_GAINS = "vmp-pair-gains";
    /** Covariance name: the inverse one-gain Fisher information of the exact model at the estimate. */
    public static final String BOUND_ONE_GAIN = "one-gain-exact";
    /** {@code refineOutcome} when the refinement is off. */
    public static final int REFINE_OFF = -1;

    private final VmpConfig config;
    private final SubarrayLayout layout;
    private final SnapshotShape shape;
    private final SnapshotShape decimatedShape;
    private final ElementArray rx;
    private final double pulsePeriodS;
    private final int blocks;
    private final int b;
    private final VmpDecimator decimator;
    private final float[] ownDecimated;
    private final PairStage own;
    private final Fusion fusion;
    private final PairPosteriors posteriors;
    private final CoherentRefinement refinement;
    private final double[] start = new double[4];
    private final double[] startCov = new double[16];
    private final double[] jac = new double[16];
    private final DMatrixRMaj jm = new DMatrixRMaj(4, 4);
    private final DMatrixRMaj jinv = new DMatrixRMaj(4, 4);
    private final DMatrixRMaj cart = new DMatrixRMaj(4, 4);
    private final DMatrixRMaj tmp = new DMatrixRMaj(4, 4);
    private final DMatrixRMaj polar = new DMatrixRMaj(4, 4);
    private final double[] polarFlat = new double[16];
    private final double[] refPolarFlat = new double[16];

    private float[] source;
    private double coarseDopplerHz;
    double meanIterations;
    private boolean refined;

    public VmpEstimator(VmpConfig config, ElementArray tx, ElementArray rx, double wavelengthM, double pulsePeriodS,
                        int pulses) {
        this.config = config;
        this.layout = new SubarrayLayout(tx, rx, config.subarraySize(), wavelengthM);
        this.shape = new SnapshotShape(tx.count(), rx.count(), pulses);
        this.rx = rx;
        this.pulsePeriodS = pulsePeriodS;
        this.b = config.decimation();
        if (pulses % b != 0) {
            throw new IllegalArgumentException("decimation " + b + " must divide the " + pulses + " pulses");
        }
        this.blocks = pulses / b;
        this.decimatedShape = new SnapshotShape(tx.count(), rx.count(), blocks, SnapshotShape.Layout.RX_PULSE_TX);
        this.decimator = new VmpDecimator(layout, shape, pulsePeriodS, b);
        this.ownDecimated = new float[2 * decimatedShape.size()];
        this.fusion = new Fusion(layout, wavelengthM);
        this.posteriors = new PairPosteriors(layout.pairs());
        this.refinement = config.refine() == VmpConfig.Refine.COHERENT ? new CoherentRefinement(tx, rx,
                config.subarraySize(), wavelengthM, pulsePeriodS, pulses, b) : null;
        this.own = new PairStage(this);
    }

    SubarrayLayout pairLayout() { return layout; }
    SnapshotShape shape() { return shape; }
    VmpConfig config() { return config; }
    int decimation() { return b; }
    int blocks() { return blocks; }
    /** The decimated data the pair stages and the refinement read ({@link VmpDecimator}'s layout). */
    float[] decimatedData() { return source; }
    /** f₀ of the current CPI, Hz. */
    double coarseDopplerHz() { return coarseDopplerHz; }

    @Override
    public String name() {
        return VmpConfig.TYPE;
    }

    public SubarrayLayout layout() {
        return layout;
    }

    public VmpDecimator decimator() {
        return decimator;
    }

    /** Pulse period of the decimated data, T' = B T. */
    public double blockPeriodS() {
        return b * pulsePeriodS;
    }

    /**
     * Reads either the decimated snapshot of {@link VmpFrontEnd} ({@code N_t × N_r × L/B}, receive-major, with f₀
     * in {@link Snapshot#derotationHz()}) or a full-rate one of the MIMO matched filter ({@code N_t × N_r × L}),
     * which it decimates itself.
     */
    @Override
    public void estimate(Snapshot snapshot, EstimateFrame out) {
        out.clear();
        boolean system = config.fusion() == VmpConfig.Fusion.SYSTEM;
        boolean ok;
        if (snapshot.shape().equals(decimatedShape)) {
            useDecimated(snapshot.data(), snapshot.derotationHz());
            own.run(0, layout.pairs());
            ok = fuse(system, Double.NaN, Double.NaN);
        } else if (snapshot.shape().equals(shape)) {
            ok = run(snapshot.data(), system, Double.NaN, Double.NaN);
        } else {
            throw new IllegalArgumentException("vmp configured for snapshots " + decimatedShape + " (its front end) or "
                    + shape + ", got " + snapshot.shape());
        }
        if (!ok) {
            return;
        }
        refine();
        writeTarget(out.addTarget(), system);
    }

    /** The shape of {@link VmpFrontEnd}'s output this estimator reads. */
    public SnapshotShape decimatedShape() {
        return decimatedShape;
    }

    /**
     * Makes the pair stages and the refinement read already decimated values ({@link VmpFrontEnd}'s output, derotated
     * by {@code coarseDopplerHz}); then {@link PairStage#run}, {@link #fuse}, {@link #refine} as after
     * {@link #decimate}.
     */
    public void useDecimated(float[] decimated, double coarseDopplerHz) {
        this.source = decimated;
        this.coarseDopplerHz = coarseDopplerHz;
    }

    /**
     * VMP (stages 1 and 2, no refinement) on {@code data} (a full-rate snapshot's values). With a finite
     * {@code knownX, knownY} the velocity is fused at that position instead of the estimate (the "true location"
     * curve of seed 000 Fig. 5). Returns false when the data hold no signal the fusion can use.
     */
    public boolean run(float[] data, boolean system, double knownX, double knownY) {
        prepare(data);
        decimate(data, 0, shape.rx());
        own.run(0, layout.pairs());
        return fuse(system, knownX, knownY);
    }

    /**
     * The coarse Doppler f₀ of a full-rate snapshot's values. After it, {@link #decimate} may process disjoint
     * receive ranges on as many threads as the caller has, then {@link PairStage#run} disjoint pair ranges, each
     * thread with its own {@link #newPairStage()}; then {@link #fuse} and {@link #refine} (one thread).
     */
    public void prepare(float[] data) {
        coarseDopplerHz = decimator.coarseDoppler(data);
        source = ownDecimated;
    }

    /** Decimates receive elements {@code [fromRx, toRx)} of a full-rate snapshot (after {@link #prepare}). */
    public void decimate(float[] data, int fromRx, int toRx) {
        decimator.decimate(data, ownDecimated, fromRx, toRx);
    }

    /** Algorithm 1 on further pairs, writing into this estimator's posteriors (one stage per thread). */
    public PairStage newPairStage() {
        return new PairStage(this);
    }

    /** Stage 2 (fusion) on the posteriors of every pair; see {@link #run}. */
    public boolean fuse(boolean system, double knownX, double knownY) {
        refined = false;
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

    /**
     * The coherent refinement of the fused estimate (after {@link #fuse}); a no-op returning false when
     * {@code refine: none}. Returns whether its answer replaces VMP's.
     */
    public boolean refine() {
        refined = false;
        if (refinement == null) {
            return false;
        }
        start[0] = fusion.px;
        start[1] = fusion.py;
        start[2] = fusion.vx;
        start[3] = fusion.vy;
        Arrays.fill(startCov, 0);
        startCov[0] = fusion.covP[0];
        startCov[1] = startCov[4] = fusion.covP[1];
        startCov[5] = fusion.covP[2];
        startCov[10] = fusion.covV[0];
        startCov[11] = startCov[14] = fusion.covV[1];
        startCov[15] = fusion.covV[2];
        refined = refinement.run(source, coarseDopplerHz, start, startCov);
        return refined;
    }

    /**
     * How the refinement's passes split their two halves: {@link TwoWay#SEQUENTIAL} (the default) or on two threads the
     * caller owns. A no-op with {@code refine: none}.
     */
    public void setSplit(TwoWay split) {
        if (refinement != null) {
            refinement.setSplit(split);
        }
    }

    /** VMP's fused answer (x, y, v_x, v_y) of the last {@link #fuse}. */
    public double xM() { return fusion.px; }
    public double yM() { return fusion.py; }
    public double vxMps() { return fusion.vx; }
    public double vyMps() { return fusion.vy; }
    /** Position covariance (xx, xy, yy), m². */
    public double positionCovariance(int i) { return fusion.covP[i]; }
    /** Velocity covariance (xx, xy, yy), (m/s)². */
    public double velocityCovariance(int i) { return fusion.covV[i]; }
    public PairPosteriors posteriors() { return posteriors; }
    /** The refinement (null with {@code refine: none}); its results are those of the last {@link #refine}. */
    public CoherentRefinement refinement() { return refinement; }
    /** Whether the last {@link #refine} replaced VMP's answer. */
    public boolean refined() { return refined; }

    private void writeTarget(TargetEstimate t, boolean system) {
        double px = refined ? refinement.xM() : fusion.px;
        double py = refined ? refinement.yM() : fusion.py;
        double vx = refined ? refinement.vxMps() : fusion.vx;
        double vy = refined ? refinement.vyMps() : fusion.vy;
        double dx = px - rx.referenceXM();
        double dy = py - rx.referenceYM();
        double r = Math.hypot(dx, dy);
        double th = Math.atan2(dx, dy);
        double s = Math.sin(th);
        double c = Math.cos(th);
        t.setPolar(th, r, vx * s + vy * c, vx * c - vy * s, rx.referenceXM(), rx.referenceYM());
        PolarJacobian.fill(th, r, t.radialVelocityMps(), t.transverseVelocityMps(), jac);
        System.arraycopy(jac, 0, jm.data, 0, 16);
        boolean invertible = CommonOps_DDRM.invert(jm, jinv);
        boolean ran = refinement != null && refinement.outcome() != CoherentRefinement.Outcome.SINGULAR;
        if (invertible) {
            // Cartesian (x, y, vx, vy) covariance → polar: Σ_polar = J⁻¹ Σ J⁻ᵀ
            vmpCovariance(cart);
            toPolar(cart, refined ? refPolarFlat : polarFlat);
            if (ran) {
                System.arraycopy(refinement.covarianceMatrix(), 0, cart.data, 0, 16);
                toPolar(cart, refined ? polarFlat : refPolarFlat);
            }
            t.setPolarCovariance(polarFlat, refined ? BOUND_ONE_GAIN : BOUND_PAIR_GAINS);
            if (ran) {
                t.setReferenceCovariance(refPolarFlat, refined ? BOUND_PAIR_GAINS : BOUND_ONE_GAIN);
            }
        }
        double snrSum = 0;
        for (int k = 0; k < layout.pairs(); k++) {
            snrSum += posteriors.snr[k];
        }
        double snrDb = 10 * Math.log10(snrSum / layout.pairs());
        boolean consistent = refined || 1 - fusion.fitP <= 4 * (1 - fusion.fitPExpected) + 1e-12
                && 1 - fusion.fitV <= 4 * (1 - fusion.fitVExpected) + 1e-12;
        t.setQuality(fusion.fitP, fusion.fitPExpected, snrDb, consistent);
        t.setDiagnostic(0, coarseDopplerHz);
        t.setDiagnostic(1, b);
        t.setDiagnostic(2, meanIterations);
        t.setDiagnostic(3, fusion.fitP);
        t.setDiagnostic(4, fusion.fitV);
        t.setDiagnostic(5, system ? 1 : 0);
        t.setDiagnostic(6, refinement == null ? REFINE_OFF : refinement.outcome().code());
        if (refinement != null) {
            t.setDiagnostic(7, refinement.iterations());
            t.setDiagnostic(8, 10 * Math.log10(refinement.coherentSnr()));
            t.setDiagnostic(9, refinement.coherenceRatio());
            t.setDiagnostic(10, refinement.vmpDistance());
        }
    }

    /** VMP's block-diagonal Cartesian covariance into {@code out}. */
    private void vmpCovariance(DMatrixRMaj out) {
        out.zero();
        out.set(0, 0, fusion.covP[0]);
        out.set(0, 1, fusion.covP[1]);
        out.set(1, 0, fusion.covP[1]);
        out.set(1, 1, fusion.covP[2]);
        out.set(2, 2, fusion.covV[0]);
        out.set(2, 3, fusion.covV[1]);
        out.set(3, 2, fusion.covV[1]);
        out.set(3, 3, fusion.covV[2]);
    }

    /** {@code out = J⁻¹ in J⁻ᵀ} (flat) with the inverse Jacobian of the last {@link #writeTarget}. */
    private void toPolar(DMatrixRMaj in, double[] out) {
        CommonOps_DDRM.mult(jinv, in, tmp);
        CommonOps_DDRM.multTransB(tmp, jinv, polar);
        System.arraycopy(polar.data, 0, out, 0, 16);
    }
}
