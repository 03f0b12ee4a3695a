package org.nftb.methods.dftmusic.bench;

import org.junit.jupiter.api.Test;
import org.nftb.estimator.EstimateFrame;
import org.nftb.methods.dftmusic.DftMusicConfig;
import org.nftb.model.ElementArray;
import org.nftb.model.PhysicalConstants;
import org.nftb.model.PolarState;
import org.nftb.model.TargetState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep's pieces: where it draws, what it synthesizes, how it scores. */
class SweepPartsTest {
    static final double LAMBDA = PhysicalConstants.wavelengthM(28e9);
    static final ElementArray ULA = ElementArray.ula(256, LAMBDA / 2, 0, 0, 0);

    @Test
    void drawsStayInsideTheDeclaredRegion() {
        SweepDomain d = new SweepDomain(Math.toRadians(-60), Math.toRadians(60), 2.74, 15, ULA, LAMBDA);
        for (int i = 0; i < 2000; i++) {
            PolarState p = d.draw(i);
            assertTrue(Math.abs(p.angleRad()) <= Math.toRadians(60));
            assertTrue(p.rangeM() >= 2.74 && p.rangeM() <= d.maxRangeM(p.angleRad()), p.toString());
            assertTrue(Math.abs(p.radialVelocityMps()) <= 15 && Math.abs(p.transverseVelocityMps()) <= 15);
        }
        assertEquals(d.draw(7), d.draw(7), "a draw is a function of its seed");
    }

    @Test
    void aMovingTargetsEchoIsSeed001sEchoToFirstOrderAndDiffersByThePathsCurvature() {
        TargetState s = TargetState.fromPolar(new PolarState(3, 0.4, 10, 12), 0, 0);
        double[] frozen = new double[2 * 256 * 32];
        double[] moving = new double[2 * 256 * 32];
        Echoes.add(Echoes.Motion.FROZEN, ULA, LAMBDA, s, 32, 2e-4, 1, 0, frozen);
        Echoes.add(Echoes.Motion.LINEAR, ULA, LAMBDA, s, 32, 2e-4, 1, 0, moving);
        double maxPhase = 0;
        for (int i = 0; i < frozen.length; i += 2) {
            double phase = Math.atan2(frozen[i] * moving[i + 1] - frozen[i + 1] * moving[i],
                    frozen[i] * moving[i] + frozen[i + 1] * moving[i + 1]);
            maxPhase = Math.max(maxPhase, Math.abs(phase));
        }
        // curvature ½ t² |v_⊥|²/ρ with v_⊥ up to 15.6 m/s at ρ ≈ 3 m, t ≤ 3.1 ms: k·4e-4 m ≈ 0.24 rad at the edges
        assertTrue(maxPhase > 0.1 && maxPhase < 0.4, "largest phase difference " + maxPhase);
        TargetState still = TargetState.fromPolar(new PolarState(3, 0.4, 0, 0), 0, 0);
        double[] a = new double[2 * 256 * 32];
        double[] b = new double[2 * 256 * 32];
        Echoes.add(Echoes.Motion.FROZEN, ULA, LAMBDA, still, 32, 2e-4, 1, 0, a);
        Echoes.add(Echoes.Motion.LINEAR, ULA, LAMBDA, still, 32, 2e-4, 1, 0, b);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-9, "a still target has one echo in both models");
        }
    }

    @Test
    void eachOutcomeIsScoredAsTheIssueDefinesIt() {
        PolarState truth = new PolarState(7, 0.26, 10, 8);
        double[] crb = new double[16];
        for (int i = 0; i < 4; i++) {
            crb[5 * i] = 1e-4;                                    // σ = 0.01 in every parameter
        }
        double[] out = new double[6];
        EstimateFrame f = new EstimateFrame(2, 0);
        f.clear();
        f.addTarget().setPolar(0.26, 7.05, 10, 8, 0, 0);         // 5 σ in range
        SweepTrial.score(f, truth, crb, out, 0);
        assertEquals(SweepTrial.RIGHT, out[SweepTrial.STATUS]);
        assertEquals(25, out[1], 1e-6, "squared error over the CRB");
        f.clear();
        f.addTarget().setPolar(0.26, 7.2, 10, 8, 0, 0);          // 20 σ
        SweepTrial.score(f, truth, crb, out, 0);
        assertEquals(SweepTrial.WRONG, out[SweepTrial.STATUS]);
        f.clear();
        f.addTarget().setPolar(0.26, 7.0, 10, 8, 0, 0);
        f.addTarget().setPolar(-0.5, 3.0, 1, 1, 0, 0);           // a ghost beside a right one
        SweepTrial.score(f, truth, crb, out, 0);
        assertEquals(SweepTrial.WRONG, out[SweepTrial.STATUS]);
        f.clear();
        f.addTarget().setQuality(0.01, 0.9, 30, false);          // flagged: a fault, no position
        SweepTrial.score(f, truth, crb, out, 0);
        assertEquals(SweepTrial.UNRESOLVED, out[SweepTrial.STATUS]);
        assertTrue(Double.isNaN(out[0]));
        f.clear();
        SweepTrial.score(f, truth, crb, out, 0);
        assertEquals(SweepTrial.MISSED, out[SweepTrial.STATUS]);
    }

    @Test
    void theRegionIsReadFromTheEstimatorsConfiguration() {
        DftMusicConfig c = new DftMusicConfig(512, 128, new org.nftb.config.Grid(-1, 1, 5),
                new org.nftb.config.Grid(1, 30, 5), new org.nftb.config.Grid(0, 20, 5), 2, "x", 2,
                DftMusicConfig.Coarse.BOTH, 0, 12, 15, DftMusicConfig.MotionModel.LINEAR);
        SweepDomain d = SweepDomain.of(c, ULA, LAMBDA);
        assertEquals(-1, d.minAngleRad());
        assertEquals(2 * ULA.apertureM(), d.minRangeM(), 1e-12);
        assertEquals(12, d.maxVelocityMps());
    }
}
