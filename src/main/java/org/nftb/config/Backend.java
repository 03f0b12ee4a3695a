package org.nftb.config;

/** Which {@code RadioDevice} implementation a run uses. */
public enum Backend {
    /** The simulated near-field array ({@code device/sim}). */
    SIM,
    /** Real radios through libuhd. */
    UHD,
    /** A recorded SigMF capture. */
    REPLAY
}
