package org.nftb.methods.dftmusic.bench;

import org.junit.jupiter.api.Test;
import org.nftb.model.CpiTiming;
import org.nftb.model.ElementArray;
import org.nftb.model.PhysicalConstants;
import org.nftb.model.PolarState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep's measure of a moving target's model mismatch (the energy of its echo outside seed 001's model). */
class MotionMismatchTest {
    static final double LAMBDA = PhysicalConstants.wavelengthM(28e9);
    static final ElementArray ULA = ElementArray.ula(256, LAMBDA / 2, 0, 0, 0);
    static final int SYMBOLS = 32;
    static final double PERIOD_S = 2e-4;

    @Test
    void aStillTargetHasNoMismatch() {
        assertEquals(0, MotionMismatch.fraction(ULA, LAMBDA, SYMBOLS, PERIOD_S, new PolarState(3, 0.4, 0, 0)), 1e-12);
    }

    @Test
    void theMismatchIsTheEnergyOfEachPathsCurvatureComputedFromTheGeometry() {
        PolarState p = new PolarState(3.2, -0.5, 7, -11);
        // reference: φ = −k (|p + v t − e_n| − |p − e_n| − t (p − e_n)·v/|p − e_n|), ε = 1 − |mean e^{jφ}|²
        double k = 2 * Math.PI / LAMBDA;
        double px = p.rangeM() * Math.sin(p.angleRad());
        double py = p.rangeM() * Math.cos(p.angleRad());
        double vx = p.radialVelocityMps() * Math.sin(p.angleRad()) + p.transverseVelocityMps() * Math.cos(p.angleRad());
        double vy = p.radialVelocityMps() * Math.cos(p.angleRad()) - p.transverseVelocityMps() * Math.sin(p.angleRad());
        double re = 0;
        double im = 0;
        for (int n = 0; n < ULA.count(); n++) {
            double dx = px - ULA.xM(n);
            double dy = py - ULA.yM(n);
            double rho = Math.hypot(dx, dy);
            for (int m = 0; m < SYMBOLS; m++) {
                double t = CpiTiming.symbolTimeS(m, SYMBOLS, PERIOD_S);
                double phase = -k * (Math.hypot(dx + vx * t, dy + vy * t) - rho - t * (dx * vx + dy * vy) / rho);
                re += Math.cos(phase);
                im += Math.sin(phase);
            }
        }
        double samples = ULA.count() * (double) SYMBOLS;
        double expected = 1 - (re * re + im * im) / (samples * samples);
        double measured = MotionMismatch.fraction(ULA, LAMBDA, SYMBOLS, PERIOD_S, p);
        assertTrue(expected > 1e-4, "a fast near target is visibly mismatched: " + expected);
        assertEquals(expected, measured, 1e-6 * expected);
    }

    @Test
    void theMismatchGrowsAsTheFourthPowerOfTheTransverseVelocity() {
        // curvature ½ t² v_⊥²/ρ: the phase scales as v_⊥², its energy as v_⊥⁴ while it is small
        double slow = MotionMismatch.fraction(ULA, LAMBDA, SYMBOLS, PERIOD_S, new PolarState(4, 0.2, 0, 2));
        double fast = MotionMismatch.fraction(ULA, LAMBDA, SYMBOLS, PERIOD_S, new PolarState(4, 0.2, 0, 4));
        assertEquals(16, fast / slow, 0.3);
    }
}
