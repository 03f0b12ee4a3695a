package org.nftb.methods.seqbeam;

/**
 * From a stage's channel-domain FIM to its equivalent FIM over the shared position-domain parameters
 * {@code η_p = [p_U, v_U, p₁ … p_K]} (seed 002 §III): the complex gains are marginalized by the Schur complement in
 * the channel domain (they map to themselves), the geometric part is mapped with the Jacobian
 * ({@code I_pos = Jᵀ I J}, eqs. 10 and 13), and for BP the UE orientation and clock bias are marginalized by a second
 * Schur complement (footnote 1). Stateless.
 */
public final class PositionFim {
    private PositionFim() {
    }

    /** The Schur complement of the gains: the channel-domain EFIM of the geometric parameters. */
    public static double[] channelEfim(StageModel model, double[] chanFim) {
        int n = model.params().size();
        int g = model.geoCount();
        double[] e = Dense.schur(chanFim, n, Dense.range(0, g), Dense.range(g, n));
        if (e == null) {
            throw new IllegalStateException("the gains' FIM block is singular: a path receives no power");
        }
        return e;
    }

    /** EFIM over η_p (size 4 + 2K) of a stage from its channel-domain FIM (n × n). */
    public static double[] efim(StageModel model, double[] chanFim) {
        return efim(model, chanFim, false);
    }

    /**
     * As {@link #efim(StageModel, double[])}; with {@code knownDoppler} the Doppler shifts are treated as known
     * (their rows and columns carry no information): the static UE of Snapshot MS (§IV-B), whose velocity rows are
     * then zero.
     */
    public static double[] efim(StageModel model, double[] chanFim, boolean knownDoppler) {
        if (knownDoppler) {
            chanFim = chanFim.clone();
            int n = model.params().size();
            for (int i = 0; i < n; i++) {
                if (model.params().get(i).kind() == ChannelParam.Kind.DOPPLER) {
                    for (int j = 0; j < n; j++) {
                        chanFim[i * n + j] = 0;
                        chanFim[j * n + i] = 0;
                    }
                }
            }
        }
        double[] e = channelEfim(model, chanFim);
        int ne = model.etaCount();
        double[] pos = Dense.congruence(e, model.geoCount(), model.jacobian, ne);
        if (model.stage() == Stage.MS) {
            return pos;
        }
        int np = ne - 2;
        double[] m = Dense.schur(pos, ne, Dense.range(0, np), Dense.range(np, ne));
        if (m == null) {
            throw new IllegalStateException("BP: orientation and clock bias are not identifiable with this beam");
        }
        return m;
    }
}
