package org.nftb.methods.seqbeam;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nftb.methods.seqbeam.design.Designer;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed 002's bad inputs: each a clear error naming the field. */
class BadInputTest {
    static final double[] UE = {3, 20};
    static final double[] V = {5, 0};

    private static void refused(Executable e, String field) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(field), "expected '" + field + "' in: " + x.getMessage());
    }

    @Test
    void noPtsAndTenThousandPtsAreRefusedNamingTheTargets() {
        refused(() -> new SeqBeamScene(UE, V, new double[0][], null, null, null, null), "scene.targets");
        double[][] many = new double[10_000][];
        for (int i = 0; i < many.length; i++) {
            many[i] = new double[] {i * 0.01, 50};
        }
        refused(() -> new SeqBeamScene(UE, V, many, null, null, null, null), "scene.targets");
    }

    @Test
    void aUeAtTheBsIsRefusedNamingTheUePosition() {
        refused(() -> new SeqBeamScene(new double[] {0, 0}, V, new double[][] {{5, 20}}, null, null, null, null),
                "scene.ue.position");
    }

    @Test
    void everyPtBehindTheArrayIsRefusedNamingTheTargets() {
        refused(() -> new SeqBeamScene(UE, V, new double[][] {{5, -20}, {-3, -8}}, null, null, null, null),
                "scene.targets");
    }

    @Test
    void aRhoOutsideZeroToOneAndAZeroPowerBudgetAreRefusedNamingTheField() {
        SystemParams sys = SystemParams.tableII();
        SeqBeamScene s = SeqBeamScene.random(sys, 2, 5, 100, 1, 5, 30, new SplittableRandom(1));
        Designer d = new Designer(sys, s, ChannelFim.Mode.EXACT);
        refused(() -> d.shared(1.2, 1), "rhoMs");
        refused(() -> d.separate(-0.01, 1), "rhoMs");
        refused(() -> d.msPhase(Double.NaN), "rhoMs");
        refused(() -> sys.withPowerBudgetW(0), "seqbeam.powerBudget");
    }
}
