package org.nftb.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.nftb.testing.Allocations;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The allocation-free symmetric eigensolver gives EJML's {@code DecompositionFactory_DDRM.eig(m, true, true)} results
 * bit for bit (values and vectors, same order) on the sizes seed 003 uses, and allocates nothing once made.
 */
class SymmetricEigTest {

    @Test
    void itEqualsEjmlsSymmetricDecompositionBitForBit() {
        for (int m : new int[] {2, 8, 32, 128}) {
            for (int seed = 0; seed < 3; seed++) {
                DMatrixRMaj a = symmetric(m, seed);
                EigenDecomposition_F64<DMatrixRMaj> ejml = DecompositionFactory_DDRM.eig(m, true, true);
                SymmetricEig ours = new SymmetricEig(m);
                assertTrue(ejml.decompose(a.copy()));
                assertTrue(ours.decompose(a.copy()));
                assertTrue(ours.decompose(a.copy()), "again, on the kept arrays");
                for (int i = 0; i < m; i++) {
                    assertEquals(Double.doubleToRawLongBits(ejml.getEigenvalue(i).getReal()),
                            Double.doubleToRawLongBits(ours.value(i)), m + ", seed " + seed + ", value " + i);
                    for (int k = 0; k < m; k++) {
                        assertEquals(Double.doubleToRawLongBits(ejml.getEigenVector(i).get(k, 0)),
                                Double.doubleToRawLongBits(ours.vector(i).get(k, 0)),
                                m + ", seed " + seed + ", vector " + i + ", entry " + k);
                    }
                }
            }
        }
    }

    @Test
    void aHermitianDecompositionAllocatesNothingOnceMade() {
        int n = 16;
        double[] h = new double[2 * n * n];
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < h.length; i++) {
            h[i] = rng.nextGaussian();
        }
        Cx.Eigh eigh = new Cx.Eigh(n);
        double[] values = new double[n];
        double[] vectors = new double[2 * n * n];
        Allocations.during(300, () -> eigh.decompose(h, values, vectors));
        assertEquals(0, Allocations.during(50, () -> eigh.decompose(h, values, vectors)));
    }

    private static DMatrixRMaj symmetric(int m, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj a = new DMatrixRMaj(m, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                double v = rng.nextGaussian();
                a.set(i, j, v);
                a.set(j, i, v);
            }
        }
        return a;
    }
}
