package org.nftb.methods.seqbeam;

import java.io.Serializable;

/**
 * When one stage (MS or BP) transmits: n symbols starting at {@code startS}, shared by the L slot beams as
 * {@link SystemParams#layout()} says. Slot l's symbols form an arithmetic progression: {@code count(l)} symbols at
 * {@code firstS(l) + q·spacingS()}, q = 0 … count(l)−1 (eq. 1's {@code t_{l,p}}). Immutable.
 */
public final class Phase implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int slots;
    private final int[] count;
    private final double[] first;
    private final double spacing;
    private final int symbols;
    private final double startS;
    private final double periodS;

    private Phase(int slots, int[] count, double[] first, double spacing, int symbols, double startS, double periodS) {
        this.slots = slots;
        this.count = count;
        this.first = first;
        this.spacing = spacing;
        this.symbols = symbols;
        this.startS = startS;
        this.periodS = periodS;
    }

    /**
     * {@code symbols} symbols of period {@code sys.symbolPeriodS()} from {@code startS}, over {@code sys.slots()}
     * beams in the system's layout.
     */
    public static Phase of(SystemParams sys, int symbols, double startS) {
        if (symbols < 0) {
            throw new IllegalArgumentException("a phase needs >= 0 symbols, got " + symbols);
        }
        int l = sys.slots();
        double t = sys.symbolPeriodS();
        int[] count = new int[l];
        double[] first = new double[l];
        double spacing;
        if (sys.layout() == SystemParams.Layout.INTERLEAVED) {
            spacing = l * t;
            for (int s = 0; s < l; s++) {
                count[s] = s < symbols ? (symbols - s + l - 1) / l : 0;
                first[s] = startS + s * t;
            }
        } else {
            spacing = t;
            double at = startS;
            for (int s = 0; s < l; s++) {
                count[s] = symbols / l + (s < symbols % l ? 1 : 0);
                first[s] = at;
                at += count[s] * t;
            }
        }
        return new Phase(l, count, first, spacing, symbols, startS, t);
    }

    /**
     * The first {@code keep} symbols (in time) of the whole block of L·P symbols laid out as the system says
     * (Fig. 4: what the coherence time lets the model use): interleaved, symbol q at q·T_sym in slot q mod L (the
     * same as {@code of(sys, keep, 0)}); sequential, slot l's P symbols at (lP + p)·T_sym, so only the first
     * ⌈keep/P⌉ slots are observed: the paper's L_eff.
     */
    public static Phase firstOfBlock(SystemParams sys, int keep) {
        keep = Math.max(0, Math.min(keep, sys.totalSymbols()));
        if (sys.layout() == SystemParams.Layout.INTERLEAVED) {
            return of(sys, keep, 0);
        }
        int l = sys.slots();
        int p = sys.symbolsPerSlot();
        double t = sys.symbolPeriodS();
        int[] count = new int[l];
        double[] first = new double[l];
        for (int s = 0; s < l; s++) {
            count[s] = Math.max(0, Math.min(p, keep - s * p));
            first[s] = s * p * t;
        }
        return new Phase(l, count, first, t, keep, 0, t);
    }

    public int slots() { return slots; }
    public int symbols() { return symbols; }
    public int count(int slot) { return count[slot]; }
    public double firstS(int slot) { return first[slot]; }
    public double spacingS() { return spacing; }
    public double startS() { return startS; }

    /** End of the phase (start of the symbol after its last). */
    public double endS() {
        return startS + symbols * periodS;
    }

    /** Slots with at least one symbol: the paper's L_eff (Fig. 4). */
    public int effectiveSlots() {
        int n = 0;
        for (int c : count) {
            n += c > 0 ? 1 : 0;
        }
        return n;
    }

    /** Time of symbol q of slot l. */
    public double timeS(int slot, int q) {
        return first[slot] + q * spacing;
    }
}
