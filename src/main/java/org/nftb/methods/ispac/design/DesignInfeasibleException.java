package org.nftb.methods.ispac.design;

/**
 * The transmit design's limits cannot be met: the message names the limit (the users' SINR targets, the power
 * budget) and by how much it is missed, so that a config can be fixed; no design is returned in that case.
 */
public final class DesignInfeasibleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** How far the SINR targets must come down (dB) for the budget to reach them; +∞ when no power can. */
    private final double shortfallDb;

    public DesignInfeasibleException(String message, double shortfallDb) {
        super(message);
        this.shortfallDb = shortfallDb;
    }

    public double shortfallDb() {
        return shortfallDb;
    }
}
