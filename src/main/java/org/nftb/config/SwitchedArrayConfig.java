package org.nftb.config;

/**
 * One RF chain behind an RF switch that steps through the receive elements. The radio's sample stream is a
 * sequence of switch cycles; a cycle visits the elements in {@code order}, and each visit is
 * {@code settlingSamples} (switch transient, discarded) followed by {@code dwellSamples} (kept). Raw sample
 * {@code r} of the stream (r = 0 is the first streamed sample, where the switch controller starts a cycle) lies in
 * cycle {@code r / L}, {@code L = elements · (settlingSamples + dwellSamples)}, and element sample index
 * {@code cycle · dwellSamples + k} for its k-th kept sample.
 *
 * @param dwellSamples    kept samples per element visit, >= 1
 * @param settlingSamples samples discarded after each switch, >= 0
 * @param order           element index of each visit in a cycle (a permutation of 0..elements-1)
 */
public record SwitchedArrayConfig(int dwellSamples, int settlingSamples, int[] order) {

    public SwitchedArrayConfig {
        order = order.clone();
    }

    /** Raw samples of one switch cycle over {@code elements} elements. */
    public int cycleSamples(int elements) {
        return elements * (settlingSamples + dwellSamples);
    }

    @Override
    public int[] order() {
        return order.clone();
    }
}
