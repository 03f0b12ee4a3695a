package org.nftb.methods.ispac;

/**
 * What seed 003's two positioners share ({@link DownlinkPositioner}, {@link UplinkPositioner}): the rank-one
 * subspace of the CPI (its energy and eigenvalue noise estimate), the search region in range, the last stage — a
 * Newton polish of the exact concentrated likelihood {@code |δᴴy|²/‖δ‖²} over (θ, r) from the link's coarse estimate,
 * then β̂ = δᴴy/‖δ‖² (eq. 22) and the share of ‖Y‖² the fitted echo explains against the share expected at the
 * eigenvalue-estimated SNR — and the accessors of one CPI's result. Each link supplies its likelihood
 * ({@link #fit}). Not thread-safe (scratch buffers).
 */
abstract class EchoPositioner {
    final RankOneSubspace subspace;
    /** δᴴy of the last {@link #fit} call. */
    final double[] tmp = new double[2];
    /** ‖δ‖² of the last {@link #fit} call. */
    double lastDen;
    double yEnergy;
    private final double minRangeM;
    private final double maxRangeM;
    private final double[] polish = new double[2];
    private final LocalSearch.Objective likelihood = this::likelihood;
    private double angleRad;
    private double rangeM;
    private double betaRe;
    private double betaIm;
    private double noiseEig;
    private double fitAchieved;
    private double fitExpected;

    EchoPositioner(int rows, int snapshots, double minRangeM, double maxRangeM) {
        this.subspace = new RankOneSubspace(rows, snapshots);
        this.minRangeM = minRangeM;
        this.maxRangeM = maxRangeM;
    }

    /** {@code |δᴴy|²/‖δ‖²} at (θ, r) inside the search region; leaves δᴴy in {@link #tmp}, ‖δ‖² in {@link #lastDen}. */
    abstract double fit(double theta, double range);

    /** The concentrated likelihood; 0 outside the search region, which refinement and polish so never leave. */
    final double likelihood(double theta, double range) {
        return range >= minRangeM && range <= maxRangeM ? fit(theta, range) : 0;
    }

    /** The CPI's subspace, energy and eigenvalue noise ({@code what} names the snapshot in errors). */
    final void analyse(float[] y, String what) {
        subspace.analyse(y, what);
        yEnergy = subspace.energy();
        noiseEig = subspace.noiseVariance();
    }

    /** Polishes from (θ₀, r₀) and sets the estimate, β̂ and the fit; returns the likelihood at the estimate. */
    final double finish(double theta0, double range0) {
        LocalSearch.newton(likelihood, theta0, range0, 1e-6, 1e-5 * range0, 1e-12, 1e-10 * range0, polish);
        angleRad = polish[0];
        rangeM = polish[1];
        double l = likelihood(angleRad, rangeM);
        betaRe = tmp[0] / lastDen;
        betaIm = tmp[1] / lastDen;
        fitAchieved = l / yEnergy;
        fitExpected = subspace.expectedFit();
        return l;
    }

    public double angleRad() { return angleRad; }
    public double rangeM() { return rangeM; }
    /** β̂ (eq. 22), real part. */
    public double betaRe() { return betaRe; }
    public double betaIm() { return betaIm; }
    /** Noise variance per sample from the smallest eigenvalues of YYᴴ/T (all but the echo's). */
    public double noiseVarianceEig() { return noiseEig; }
    /** Fraction of ‖Y‖² the fitted echo explains. */
    public double fitAchieved() { return fitAchieved; }
    /** What that fraction should be at the eigenvalue-estimated SNR if the estimate is right. */
    public double fitExpected() { return fitExpected; }
}
