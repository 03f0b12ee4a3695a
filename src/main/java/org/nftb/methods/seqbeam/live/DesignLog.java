package org.nftb.methods.seqbeam.live;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The live loop's shared state between the three threads it spans: the sequential stage publishes each new design
 * ({@link #publish}); the radio thread takes the design in force for every CPI it illuminates ({@link #sendFor},
 * before the CPI's first sample exists) and the log remembers which CPI got which design; the workers' front ends
 * and estimators look the design of their CPI up ({@link #sentFor}, {@link #byId}). Lock-free: the entries are
 * immutable, published through atomic references. Keeps the last {@link #CPIS} CPIs and {@link #DESIGNS} designs,
 * far more than the CPIs in flight (ring slots plus the transmit lead). Serializable: a set-up shipped to another
 * machine carries the log as it was (so the CPIs it logged are demodulated there the same way).
 */
public final class DesignLog implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int CPIS = 4096;
    static final int DESIGNS = 256;

    private record Sent(long cpi, BlockDesign design) implements Serializable {
    }

    private final BlockDesign initial;
    private final AtomicReference<BlockDesign> current;
    private final AtomicReferenceArray<Sent> sent = new AtomicReferenceArray<>(CPIS);
    private final AtomicReferenceArray<BlockDesign> designs = new AtomicReferenceArray<>(DESIGNS);

    DesignLog(BlockDesign initial) {
        this.initial = initial;
        this.current = new AtomicReference<>(initial);
        designs.set(slot(initial.id(), DESIGNS), initial);
    }

    private static int slot(long k, int size) {
        return (int) Math.floorMod(k, (long) size);
    }

    /** The prior's design (the first block's, and what warm-up CPIs are demodulated with). */
    public BlockDesign initial() {
        return initial;
    }

    /** The design in force for the next CPI sent. */
    public BlockDesign current() {
        return current.get();
    }

    /** Makes {@code d} the design of every CPI sent from now on. */
    public void publish(BlockDesign d) {
        designs.set(slot(d.id(), DESIGNS), d);
        current.set(d);
    }

    /** Radio thread: CPI {@code cpi} is sent with the design in force now; returns it. */
    public BlockDesign sendFor(long cpi) {
        BlockDesign d = current.get();
        sent.set(slot(cpi, CPIS), new Sent(cpi, d));
        return d;
    }

    /** The design CPI {@code cpi} was sent with, or null when the log holds none for it (not sent, or too old). */
    public BlockDesign sentFor(long cpi) {
        Sent s = sent.get(slot(cpi, CPIS));
        return s != null && s.cpi() == cpi ? s.design() : null;
    }

    /** Design number {@code id}, or null when the log no longer holds it. */
    public BlockDesign byId(long id) {
        BlockDesign d = designs.get(slot(id, DESIGNS));
        return d != null && d.id() == id ? d : null;
    }
}
