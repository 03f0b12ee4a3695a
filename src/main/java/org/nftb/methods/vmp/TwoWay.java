package org.nftb.methods.vmp;

/**
 * How a kernel's two independent halves run: one after the other ({@link #SEQUENTIAL}, what a kernel does on its
 * own, as kernels never start threads), or at the same time on two threads the caller owns (a benchmark's worker
 * pair). {@link #run} returns when both have finished; a halve's exception reaches the caller.
 */
@FunctionalInterface
public interface TwoWay {
    /** Runs both halves and returns when both are done. */
    void run(Runnable first, Runnable second);

    /** Both halves on the calling thread. */
    TwoWay SEQUENTIAL = (first, second) -> {
        first.run();
        second.run();
    };
}
