package org.nftb.methods.dftmusic;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nftb.bound.MotionCrb;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.config.PipelineConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.RxBuffer;
import org.nftb.device.StreamStart;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.Estimators;
import org.nftb.estimator.TargetEstimate;
import org.nftb.frontend.FrontEnd;
import org.nftb.frontend.Snapshot;
import org.nftb.frontend.SnapshotShape;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PolarState;
import org.nftb.stream.BlockingWaitStrategy;
import org.nftb.stream.CpiAssembler;
import org.nftb.stream.CpiFrame;
import org.nftb.stream.CpiLayout;
import org.nftb.stream.CpiRing;
import org.nftb.stream.StreamCounters;
import org.nftb.testing.TestConfigs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 001's scenario (§V) at processed SNR 50 dB through the real sim → calibration → CPI path.
 *
 * <p>Tolerance: the paper reports NMSE ≤ −40 dB for MUSIC-PC and MUSIC-CE on all four parameters at high SNR
 * (Figs. 3-6), i.e. an RMS error ≤ 1 % of the true value; we assert exactly that over 30 CPIs. Independently, the
 * largest MUSIC-PC error of the 30 must lie within 4 CRB standard deviations (for 30 Gaussian draws at the bound,
 * P(max > 4σ) ≈ 0.2 %; the estimator is efficient there: nftb bench dftmusic measures it within 1 dB of the bound
 * at 50 dB), and the DFT stage within the resolution of its grids and tables.
 */
class DftMusicAccuracyTest {
    static final int CPIS = 30;
    static DftMusicSetup setup;
    static DftMusicEstimator estimator;

    @BeforeAll
    static void tables() {
        RunConfig cfg = TestConfigs.seed001(1, false);
        setup = (DftMusicSetup) Estimators.of(cfg.estimator()).setup(cfg);
        estimator = setup.newEstimator();
    }

    record Result(double[] nmse, double[] maxCrbSigmas, double[] coarseRms) {
    }

    static Result run(RunConfig cfg) throws Exception {
        SimulatedArray sim = new SimulatedArray(cfg);
        CpiLayout layout = new CpiLayout(256, 32, 1);
        CpiRing ring = new CpiRing(4, layout, new BlockingWaitStrategy());
        CpiAssembler asm = new CpiAssembler(ring, new CalibrationState(CalibrationTable.identity(256, "t", 28e9)),
                layout, cfg.radio().sampleRateHz(), PipelineConfig.RingMode.LIVE, new StreamCounters(), () -> false);
        FrontEnd frontEnd = setup.newFrontEnd();
        Snapshot snapshot = new Snapshot(frontEnd.outputShape());
        RxBuffer buf = new RxBuffer(256, 32);
        sim.startStreaming(StreamStart.NOW);
        PolarState truth = cfg.scene().targets().get(0).initial().toPolar(0, 0);
        double[] crb = MotionCrb.polarBound(new ElementRangeModel(cfg.rxArray(), cfg.wavelengthM()), truth, 0, 0, 32,
                cfg.symbolPeriodS(), Math.pow(10, cfg.scene().targets().get(0).perSampleSnrDb() / 10));
        EstimateFrame frame = setup.newFrame();
        double[] se = new double[4];
        double[] sigmas = new double[4];
        double[] coarse = new double[4];
        for (int i = 0; i < CPIS; i++) {
            sim.receive(buf, 1_000_000_000L);
            asm.accept(buf);
            long seq = ring.take(1_000_000_000L);
            frontEnd.process(ring.frame(seq), snapshot);
            estimator.estimate(snapshot, frame);
            ring.release(seq);
            TargetEstimate e = frame.target(0);
            assertTrue(e.consistent(), "fit " + e.fitAchieved() + " vs expected " + e.fitExpected());
            for (int q = 0; q < 4; q++) {
                double err = e.parameter(q) - truth.parameter(q);
                se[q] += err * err / CPIS;
                sigmas[q] = Math.max(sigmas[q], Math.abs(err) / Math.sqrt(crb[5 * q]));
                if (cfg.scene().calibrationErrors() == null) {
                    // the covariance reported is the CRB at the estimate: within 10 % of the CRB at the truth
                    // (with array errors the data carries ~0.5 dB more power, so its bound is lower)
                    assertEquals(crb[5 * q], e.polarCovariance(q, q), 0.1 * crb[5 * q], PolarState.PARAMETER_NAMES[q]);
                }
                double ce = e.diagnostic(q) - truth.parameter(q);
                coarse[q] += ce * ce / CPIS;
            }
        }
        double[] nmse = new double[4];
        for (int q = 0; q < 4; q++) {
            nmse[q] = 10 * Math.log10(se[q] / (truth.parameter(q) * truth.parameter(q)));
            coarse[q] = Math.sqrt(coarse[q]);
        }
        return new Result(nmse, sigmas, coarse);
    }

    @Test
    void musicWithPerfectCalibrationReachesMinus40DbAndStaysWithinTheCrb() throws Exception {
        Result r = run(TestConfigs.seed001(21, false));
        for (int q = 0; q < 4; q++) {
            assertTrue(r.nmse()[q] <= -40, PolarState.PARAMETER_NAMES[q] + " NMSE " + r.nmse()[q] + " dB");
            assertTrue(r.maxCrbSigmas()[q] < 4, PolarState.PARAMETER_NAMES[q] + " error " + r.maxCrbSigmas()[q]
                    + " CRB sigmas");
        }
    }

    @Test
    void musicWithCalibrationErrorsStillReachesMinus40Db() throws Exception {
        Result r = run(TestConfigs.seed001(22, true));
        for (int q = 0; q < 4; q++) {
            assertTrue(r.nmse()[q] <= -40, PolarState.PARAMETER_NAMES[q] + " NMSE " + r.nmse()[q] + " dB");
        }
    }

    @Test
    void theDftStageIsWithinTheResolutionOfItsGridsAndTables() throws Exception {
        Result r = run(TestConfigs.seed001(23, false));
        // angle: two angle-FFT bins (2/512/cos θ = 4 mrad each); range: 5 % (the table match interpolates in 1/r;
        // measured < 1 %); v_r: one Doppler bin (λ f_r / 128 = 0.42 m/s); v_θ: one table step (2.5 m/s; measured
        // 1.5 m/s, the tables are built at v_r = 0)
        assertTrue(r.coarseRms()[0] < 0.008, "angle " + r.coarseRms()[0]);
        assertTrue(r.coarseRms()[1] < 0.05 * 7.0165, "range " + r.coarseRms()[1]);
        assertTrue(r.coarseRms()[2] < 0.42, "radial " + r.coarseRms()[2]);
        assertTrue(r.coarseRms()[3] < 2.5, "transverse " + r.coarseRms()[3]);
    }

    @Test
    void aSnapshotOfTheWrongShapeIsRefusedNamingBothShapes() {
        EstimateFrame e = setup.newFrame();
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> estimator.estimate(new Snapshot(new SnapshotShape(1, 256, 16)), e));
        assertTrue(ex.getMessage().contains("rx=256, pulses=16") && ex.getMessage().contains("rx=256, pulses=32"),
                ex.getMessage());
    }

    @Test
    void theExpectedFitAtTheMeasuredSnrMatchesTheFitAchievedOnCorrectEstimates() throws Exception {
        // at processed SNR 50 dB (ρ = 12.2 per sample) a right estimate has fit ρ/(ρ+1) ≈ 0.924; the fit expected
        // from the AD map's noise floor must agree with it, and the SNR reported with the configured one
        RunConfig cfg = TestConfigs.seed001(24, false);
        SimulatedArray sim = new SimulatedArray(cfg);
        sim.startStreaming(StreamStart.NOW);
        RxBuffer buf = new RxBuffer(256, 32);
        CpiFrame frame = new CpiFrame(new CpiLayout(256, 32, 1));
        EstimateFrame out = setup.newFrame();
        FrontEnd frontEnd = setup.newFrontEnd();
        Snapshot y = new Snapshot(frontEnd.outputShape());
        for (int i = 0; i < 5; i++) {
            sim.receive(buf, 1_000_000_000L);
            for (int c = 0; c < 256; c++) {
                System.arraycopy(buf.channel(c), 0, frame.data(), 64 * c, 64);
            }
            frontEnd.process(frame, y);
            estimator.estimate(y, out);
            TargetEstimate t = out.target(0);
            assertEquals(cfg.scene().targets().get(0).perSampleSnrDb(), t.snrDb(), 0.3);
            assertEquals(t.fitAchieved(), t.fitExpected(), 0.03);
        }
        sim.close();
    }

    @Test
    void anArrayThatIsNotAUlaIsRefused() {
        var bent = new org.nftb.model.ElementArray(new double[] {0, 0.005, 0.011}, new double[] {0, 0, 0}, 0, 0);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new DftMusicEstimator(bent,
                0.0107, 2e-4, 8, setup.config(), null));
        assertEquals(true, ex.getMessage().contains("uniform linear array"));
    }
}
