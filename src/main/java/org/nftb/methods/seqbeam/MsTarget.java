package org.nftb.methods.seqbeam;

/**
 * One target of the MS estimator ({@link MsEstimator}): position, radial velocity, the covariance of the data at the
 * estimate and the quality verdict. Mutable and reused: {@link MsEstimator#target} returns the estimator's own
 * instance, valid until its next estimate ({@link #copy} keeps one).
 */
public final class MsTarget {
    double xM;
    double yM;
    double radialVelocityMps;
    double angleRad;
    double rangeM;
    double dopplerHz;
    final double[] covariance = new double[9];
    final double[] polarCovariance = new double[9];
    double snrDb;
    double fitAchieved;
    double fitExpected;
    boolean inDomain;

    public double xM() { return xM; }
    public double yM() { return yM; }
    public double radialVelocityMps() { return radialVelocityMps; }
    public double angleRad() { return angleRad; }
    public double rangeM() { return rangeM; }
    public double dopplerHz() { return dopplerHz; }
    /** (x, y, v_r), 3×3 row-major (NaN when the FIM is singular); the estimator's array: do not modify. */
    public double[] covariance() { return covariance; }
    /** (θ, r, v_r), 3×3 row-major; the estimator's array: do not modify. */
    public double[] polarCovariance() { return polarCovariance; }
    /** Integrated SNR |β|²‖s‖²/σ̂², dB. */
    public double snrDb() { return snrDb; }
    /** The fit on the data with the other targets removed. */
    public double fitAchieved() { return fitAchieved; }
    /** What a right estimate reaches at its SNR. */
    public double fitExpected() { return fitExpected; }
    /** Within the declared range gate and sector. */
    public boolean inDomain() { return inDomain; }

    /** Consistent: fit within the rule of {@link MsEstimator} and inside the domain. */
    public boolean consistent(int entries) {
        double rho = Math.pow(10, snrDb / 10);
        double spread = Math.sqrt(2 / rho) + Math.sqrt(entries) / (rho + entries);
        return inDomain && fitAchieved >= Math.max(MsEstimator.FIT_FLOOR, 1 - MsEstimator.SPREADS * spread)
                * fitExpected;
    }

    /** √(tr of the position block), m: the PEB at the estimate. */
    public double pebM() {
        return Math.sqrt(covariance[0] + covariance[4]);
    }

    /** √ of the v_r variance, m/s: the radial VEB at the estimate. */
    public double radialVebMps() {
        return Math.sqrt(covariance[8]);
    }

    /** A copy that the estimator's next CPI does not touch. */
    public MsTarget copy() {
        MsTarget c = new MsTarget();
        c.xM = xM;
        c.yM = yM;
        c.radialVelocityMps = radialVelocityMps;
        c.angleRad = angleRad;
        c.rangeM = rangeM;
        c.dopplerHz = dopplerHz;
        System.arraycopy(covariance, 0, c.covariance, 0, 9);
        System.arraycopy(polarCovariance, 0, c.polarCovariance, 0, 9);
        c.snrDb = snrDb;
        c.fitAchieved = fitAchieved;
        c.fitExpected = fitExpected;
        c.inDomain = inDomain;
        return c;
    }
}
