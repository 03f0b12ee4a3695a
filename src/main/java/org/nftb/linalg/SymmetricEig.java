package org.nftb.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.eig.symm.SymmetricQREigenHelper_DDRM;
import org.ejml.dense.row.decomposition.eig.symm.SymmetricQrAlgorithm_DDRM;
import org.ejml.dense.row.decomposition.hessenberg.TridiagonalDecompositionHouseholder_DDRM;

/**
 * EJML's symmetric eigendecomposition (Householder tridiagonalisation, then the implicit QR algorithm: eigenvalues
 * first, then the vectors with those values as shifts) run from EJML's own building blocks, in the same steps and
 * order as {@code SymmetricQRAlgorithmDecomposition_DDRM} (what {@code DecompositionFactory_DDRM.eig(m, true, true)}
 * returns below 1 800 rows), so its results are bit for bit the same. The difference: that class allocates on every
 * call (its saved tridiagonal copies are dropped between its two passes, and each eigenvalue is returned as a new
 * {@code Complex_F64}); this one keeps every array from the first call on and returns eigenvalues as doubles, so a
 * kernel that decomposes per CPI allocates nothing. Not thread-safe.
 */
final class SymmetricEig {
    private final int size;
    private final TridiagonalDecompositionHouseholder_DDRM tridiagonal = new TridiagonalDecompositionHouseholder_DDRM();
    private final SymmetricQREigenHelper_DDRM helper = new SymmetricQREigenHelper_DDRM();
    private final SymmetricQrAlgorithm_DDRM qr = new SymmetricQrAlgorithm_DDRM(helper);
    private final double[] diagonal;
    private final double[] offDiagonal;
    private double[] savedDiagonal;
    private double[] savedOffDiagonal;
    private double[] values;
    private DMatrixRMaj q;
    private DMatrixRMaj[] vectors;

    SymmetricEig(int size) {
        this.size = size;
        this.diagonal = new double[size];
        this.offDiagonal = new double[Math.max(0, size - 1)];
    }

    /** Decomposes the symmetric {@code a} (size × size; modified); false when the QR iterations do not converge. */
    boolean decompose(DMatrixRMaj a) {
        if (a.numRows != size || a.numCols != size) {
            throw new IllegalArgumentException("expected " + size + " x " + size + ", got " + a.numRows + " x "
                    + a.numCols);
        }
        if (!tridiagonal.decompose(a)) {
            return false;
        }
        tridiagonal.getDiagonal(diagonal, offDiagonal);
        helper.init(diagonal, offDiagonal, size);
        // pass 1: the eigenvalues alone, on a copy of the tridiagonal matrix kept for pass 2
        savedDiagonal = helper.copyDiag(savedDiagonal);
        savedOffDiagonal = helper.copyOff(savedOffDiagonal);
        qr.setQ(null);
        qr.setFastEigenvalues(true);
        if (!qr.process(-1, null, null)) {
            return false;
        }
        values = helper.copyEigenvalues(values);
        // pass 2: the vectors, shifted by those eigenvalues, on the saved copy (EJML swaps it in; we keep our
        // references, so the next call copies into the same arrays)
        helper.reset(size);
        helper.swapDiag(savedDiagonal);
        helper.swapOff(savedOffDiagonal);
        q = tridiagonal.getQ(q, true);
        qr.setQ(q);
        if (!qr.process(-1, null, null, values)) {
            return false;
        }
        values = helper.copyEigenvalues(values);
        vectors = CommonOps_DDRM.rowsToVector(q, vectors);
        return true;
    }

    /** Eigenvalue {@code i} (in the solver's order) of the last decomposition. */
    double value(int i) {
        return values[i];
    }

    /** Its unit eigenvector (a column; owned by this solver, valid until the next decomposition). */
    DMatrixRMaj vector(int i) {
        return vectors[i];
    }
}
