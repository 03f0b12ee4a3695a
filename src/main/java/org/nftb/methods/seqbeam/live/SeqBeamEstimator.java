package org.nftb.methods.seqbeam.live;

import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.Estimator;
import org.nftb.estimator.TargetEstimate;
import org.nftb.frontend.Snapshot;
import org.nftb.frontend.SnapshotShape;
import org.nftb.methods.seqbeam.MsEstimator;
import org.nftb.methods.seqbeam.MsTarget;

/**
 * Seed 002's monostatic sensing on one CPI ({@link MsEstimator} on what {@link OfdmFrontEnd} demodulated, modelled
 * with the beams of the design the CPI was sent with): per target angle, range and radial velocity with the
 * covariance of the data at the estimate (the Schur-marginalized FIM of every target jointly), reported as θ, r,
 * v_r. The transverse velocity is not observed by one MS snapshot: the estimate record carries 0 (the record format
 * requires a number) with a null variance and null Cartesian velocity rows, the convention of the position-only
 * estimators (seed 003), and the stage's {@code seqbeam} record says it is unobservable.
 * A target whose fit says it is wrong, or outside the declared domain, is marked inconsistent (a {@code fault}, not a
 * position). Diagnostics: the PEB and radial VEB at the estimate, the design (id, the CPI it was made from, ρ_MS, MS
 * symbols) and the bounds the design predicted at its scene (Table II's link budget).
 *
 * <p>Allocation-free per CPI while the design stays (the contract test); a new design re-plans the MS estimator's
 * symbol model (allocates once per design). Its CPI rate is bounded by the search, ~0.3 s per CPI at N_B 16, M 64,
 * 32 MS symbols.
 */
final class SeqBeamEstimator implements Estimator {
    /** What the covariance is: the CRB of the data at the estimate (all targets jointly, gains marginalized). */
    static final String BOUND = "crb-at-estimate";
    private final LiveConfig config;
    private final DesignLog log;
    private final double refX;
    private final double refY;
    private final MsEstimator ms;
    private final double[] cov3 = new double[9];
    private final SnapshotShape shape;
    private long modelled = -1;
    private double[] y = new double[0];

    SeqBeamEstimator(LiveConfig config, DesignLog log, double refX, double refY) {
        this.config = config;
        this.log = log;
        this.refX = refX;
        this.refY = refY;
        this.shape = OfdmFrontEnd.shapeFor(config);
        this.ms = new MsEstimator(config.sys(), config.minRangeM(), config.maxRangeM(), config.sectorRad(),
                config.thresholdDb(), config.maxTargets());
    }

    @Override
    public String name() {
        return LiveConfig.TYPE;
    }

    @Override
    public void estimate(Snapshot snapshot, EstimateFrame out) {
        out.clear();
        if (!snapshot.shape().equals(shape)) {
            throw new IllegalArgumentException("seqbeam reads a " + shape + " snapshot (the OFDM front end's), got "
                    + snapshot.shape());
        }
        float[] data = snapshot.data();
        long id = OfdmFrontEnd.designId(data);
        BlockDesign d = log == null ? null : log.byId(id);
        if (d == null) {
            throw new IllegalArgumentException("design " + id + " of the CPI is no longer in the loop's log");
        }
        if (id != modelled) {
            ms.setSymbols(d.msBeams(), d.msTimes());
            modelled = id;
        }
        int len = 2 * d.msSymbolCount() * config.sys().subcarriers() * config.sys().bsElements();
        if (y.length != len) {
            y = new double[len];
        }
        boolean signal = false;
        int n = config.sys().bsElements();
        int qm = d.msSymbolCount() * config.sys().subcarriers();
        int row = shape.pulses();
        for (int e = 0; e < n; e++) {
            for (int j = 0; j < qm; j++) {
                // snapshot (0, e, 1 + j) → MsEstimator's [2 (j N + e)]
                double re = data[2 * (e * row + 1 + j)];
                double im = data[2 * (e * row + 1 + j) + 1];
                y[2 * (j * n + e)] = re;
                y[2 * (j * n + e) + 1] = im;
                signal |= re != 0 || im != 0;
            }
        }
        if (!signal) {
            throw new IllegalArgumentException("the CPI's MS symbols hold no signal at all");
        }
        int found = ms.estimateInto(y);
        int entries = ms.entries();
        for (int k = 0; k < found && k < out.capacity(); k++) {
            MsTarget t = ms.target(k);
            TargetEstimate e = out.addTarget();
            // the record format needs a number: 0 with a null (NaN) variance, the convention of position-only estimators
            e.setPolar(t.angleRad(), t.rangeM(), t.radialVelocityMps(), 0, refX, refY);
            double[] p = t.polarCovariance();
            if (Double.isFinite(p[0])) {
                System.arraycopy(p, 0, cov3, 0, 9);
                e.setRadialCovariance(cov3, BOUND);
            }
            e.setQuality(t.fitAchieved(), t.fitExpected(), t.snrDb(), t.consistent(entries));
            e.setDiagnostic(0, t.pebM());
            e.setDiagnostic(1, t.radialVebMps());
            e.setDiagnostic(2, d.id());
            e.setDiagnostic(3, d.fromSequence());
            e.setDiagnostic(4, d.rho());
            e.setDiagnostic(5, d.msSymbolCount());
            e.setDiagnostic(6, d.msUePebM());
            e.setDiagnostic(7, d.posteriorUePebM());
        }
    }
}
