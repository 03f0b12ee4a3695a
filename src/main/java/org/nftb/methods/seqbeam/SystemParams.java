package org.nftb.methods.seqbeam;

import org.nftb.model.PhysicalConstants;

import java.io.Serializable;
import java.util.Locale;

/**
 * The system of seed 002 (Table II): a base station (BS) with an {@code N_B}-element λ/2 ULA on the x-axis, centred at
 * the origin, broadside +y (DESIGN.md), and a UE with an {@code N_U}-element λ/2 ULA; OFDM with M subcarriers over
 * the bandwidth B (Δf = B/M), L slots of P pilot symbols per coherence block, BS transmit power budget P_B
 * (eq. 15: {@code tr(F Fᴴ) ≤ P_B/M}), noise {@code σ² = F N₀ Δf} (§II-B).
 *
 * <p><b>Timing (eq. 1, Table I; a stated choice).</b> Symbol q of a stage starts at {@code t = t_start + q·T_sym}
 * with {@code T_sym = symbolPeriodS} (default 1/Δf, the OFDM symbol without cyclic prefix). The paper writes
 * {@code t_{l,p} = (l−1)T_slot + (p−1)T_sym}; {@link Layout#SEQUENTIAL} is that formula with T_slot = P·T_sym
 * (slot l's P symbols back to back), {@link Layout#INTERLEAVED} is the same formula with T_slot = T_sym and the
 * symbol spacing L·T_sym (the L beams take turns symbol by symbol). With T_sym = 1/Δf = 8.53 µs a sequential slot
 * lasts 853 µs, longer than the coherence time λ/(2v) of every speed above 6.3 m/s, so the paper's L_eff collapses
 * to one slot at Fig. 4's speeds; interleaved slots keep L_eff = min(L, T_c/T_sym). The default is interleaved.
 *
 * <p><b>Gains (a stated choice, Table II leaves the model open).</b> The BS–UE line of sight has
 * {@code |β|² = (λ/4π)² d^{−n}} with the path-loss exponent n; every reflection (MS echoes of the UE and the PTs, the
 * BP paths through a PT) follows the radar equation {@code λ² σ_RCS / ((4π)³ d₁² d₂²)}; every path carries
 * log-normal shadowing. (With d^{−n} on both legs of an echo the MS echo of a PT at 50 m integrates to −33 dB
 * over the whole block: no bound would be meaningful there, contradicting the paper's cm-level MS.)
 *
 * @param bsElements        N_B
 * @param ueElements        N_U (fully digital UE: W = I, N_URF = N_U; Table II does not give N_URF)
 * @param carrierHz         f_c
 * @param bandwidthHz       B
 * @param subcarriers       M
 * @param powerBudgetW      P_B, W
 * @param slots             L
 * @param symbolsPerSlot    P
 * @param clockBiasS        Δt (BP nuisance; its value does not enter the FIM)
 * @param ueOrientationRad  Δφ: the UE array's axis, from the global x-axis
 * @param noisePsdWPerHz    N₀
 * @param noiseFigureDb     F
 * @param pathLossExponent  n (line of sight)
 * @param shadowingDb       σ_shadow (log-normal, per path)
 * @param ptRcsM2           σ_RCS of the PTs
 * @param ueRcsM2           σ_RCS of the UE (MS)
 * @param layout            how the L beams share the time (see above)
 * @param symbolPeriodS     T_sym
 * @param covarianceSymbols κ_MS-BP, symbols that carry the MS covariance to the UE (eq. 16)
 */
public record SystemParams(int bsElements, int ueElements, double carrierHz, double bandwidthHz, int subcarriers,
                           double powerBudgetW, int slots, int symbolsPerSlot, double clockBiasS,
                           double ueOrientationRad, double noisePsdWPerHz, double noiseFigureDb,
                           double pathLossExponent, double shadowingDb, double ptRcsM2, double ueRcsM2,
                           Layout layout, double symbolPeriodS, int covarianceSymbols) implements Serializable {

    /** How the L slot beams share the symbols of a stage. */
    public enum Layout {
        /** Slot after slot, P symbols each (eq. 1 with T_slot = P·T_sym). */
        SEQUENTIAL,
        /** The beams take turns symbol by symbol (eq. 1 with T_slot = T_sym, symbol spacing L·T_sym). */
        INTERLEAVED
    }

    public SystemParams {
        positive("bsElements", bsElements, 2, 1024);
        positive("ueElements", ueElements, 1, 1024);
        finitePositive("carrierHz", carrierHz);
        finitePositive("bandwidthHz", bandwidthHz);
        positive("subcarriers", subcarriers, 1, 1 << 16);
        if (!(powerBudgetW > 0) || !Double.isFinite(powerBudgetW)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "seqbeam.powerBudget: the BS transmit "
                    + "power budget P_B must be a finite power > 0 W (Table II: -20 dBm), got %s W", powerBudgetW));
        }
        positive("slots", slots, 1, 4096);
        positive("symbolsPerSlot", symbolsPerSlot, 1, 1 << 20);
        finitePositive("noisePsdWPerHz", noisePsdWPerHz);
        finitePositive("pathLossExponent", pathLossExponent);
        finitePositive("ptRcsM2", ptRcsM2);
        finitePositive("ueRcsM2", ueRcsM2);
        finitePositive("symbolPeriodS", symbolPeriodS);
        if (!(shadowingDb >= 0) || !Double.isFinite(noiseFigureDb) || !Double.isFinite(clockBiasS)
                || !Double.isFinite(ueOrientationRad)) {
            throw new IllegalArgumentException("seqbeam: shadowingDb must be >= 0 and noiseFigureDb, clockBiasS, "
                    + "ueOrientationRad finite");
        }
        if (layout == null) {
            throw new IllegalArgumentException("seqbeam.layout: give sequential or interleaved");
        }
        if (covarianceSymbols < 0 || covarianceSymbols >= slots * symbolsPerSlot) {
            throw new IllegalArgumentException("seqbeam.covarianceSymbols: κ_MS-BP must lie in [0, L·P), got "
                    + covarianceSymbols);
        }
    }

    private static void positive(String field, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("seqbeam." + field + ": must lie in [" + min + ", " + max + "], got " + v);
        }
    }

    private static void finitePositive(String field, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException("seqbeam." + field + ": must be finite and > 0, got " + v);
        }
    }

    /** Table II, interleaved layout, T_sym = 1/Δf, κ_MS-BP for a covariance of K = 4 PTs (see {@link #covarianceSymbolsFor}). */
    public static SystemParams tableII() {
        double n0 = Math.pow(10, (-173 - 30) / 10.0);
        double df = 120e6 / 1024;
        return new SystemParams(64, 16, 28e9, 120e6, 1024, Math.pow(10, (-20 - 30) / 10.0), 16, 100, 1e-6,
                Math.toRadians(110), n0, 10, 3.5, 8, 10, 10, Layout.INTERLEAVED, 1 / df,
                covarianceSymbolsFor(4, 1024));
    }

    /**
     * κ_MS-BP: symbols to send the MS covariance of {@code (2K+4)} position/velocity parameters (its upper triangle,
     * 32-bit floats) with QPSK on every subcarrier (2M bits per symbol). A stated choice: the paper gives no value.
     */
    public static int covarianceSymbolsFor(int pts, int subcarriers) {
        int n = 2 * pts + 4;
        long bits = 32L * n * (n + 1) / 2;
        return (int) ((bits + 2L * subcarriers - 1) / (2L * subcarriers));
    }

    public double wavelengthM() {
        return PhysicalConstants.wavelengthM(carrierHz);
    }

    public double subcarrierSpacingHz() {
        return bandwidthHz / subcarriers;
    }

    /** σ² = F N₀ Δf, W. */
    public double noisePowerW() {
        return Math.pow(10, noiseFigureDb / 10) * noisePsdWPerHz * subcarrierSpacingHz();
    }

    /** κ_Total = L·P. */
    public int totalSymbols() {
        return slots * symbolsPerSlot;
    }

    /** Symbols MS and BP share: κ_Total − κ_MS-BP (eq. 17's denominator). */
    public int allocableSymbols() {
        return totalSymbols() - covarianceSymbols;
    }

    /** Duration of one coherence block, κ_Total·T_sym. */
    public double blockDurationS() {
        return totalSymbols() * symbolPeriodS;
    }

    /** Element spacing λ/2. */
    public double elementSpacingM() {
        return wavelengthM() / 2;
    }

    /** The BS array's Rayleigh distance 2D²/λ. */
    public double rayleighDistanceM() {
        double d = (bsElements - 1) * elementSpacingM();
        return 2 * d * d / wavelengthM();
    }

    public SystemParams withPowerBudgetW(double p) {
        return new SystemParams(bsElements, ueElements, carrierHz, bandwidthHz, subcarriers, p, slots,
                symbolsPerSlot, clockBiasS, ueOrientationRad, noisePsdWPerHz, noiseFigureDb, pathLossExponent,
                shadowingDb, ptRcsM2, ueRcsM2, layout, symbolPeriodS, covarianceSymbols);
    }

    public SystemParams withLayout(Layout l) {
        return new SystemParams(bsElements, ueElements, carrierHz, bandwidthHz, subcarriers, powerBudgetW, slots,
                symbolsPerSlot, clockBiasS, ueOrientationRad, noisePsdWPerHz, noiseFigureDb, pathLossExponent,
                shadowingDb, ptRcsM2, ueRcsM2, l, symbolPeriodS, covarianceSymbols);
    }

    public SystemParams withCovarianceSymbols(int k) {
        return new SystemParams(bsElements, ueElements, carrierHz, bandwidthHz, subcarriers, powerBudgetW, slots,
                symbolsPerSlot, clockBiasS, ueOrientationRad, noisePsdWPerHz, noiseFigureDb, pathLossExponent,
                shadowingDb, ptRcsM2, ueRcsM2, layout, symbolPeriodS, k);
    }

    /** A smaller system of the same physics (tests and the live configuration). */
    public SystemParams withSize(int bs, int ue, int m, double bandwidth, int l, int p) {
        double t = 1 / (bandwidth / m);
        return new SystemParams(bs, ue, carrierHz, bandwidth, m, powerBudgetW, l, p, clockBiasS, ueOrientationRad,
                noisePsdWPerHz, noiseFigureDb, pathLossExponent, shadowingDb, ptRcsM2, ueRcsM2, layout, t,
                Math.min(covarianceSymbols, l * p - 1));
    }
}
