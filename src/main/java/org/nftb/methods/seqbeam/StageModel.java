package org.nftb.methods.seqbeam;

import org.nftb.model.PhysicalConstants;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One stage's channel model for one scene: the paths' delays, Doppler shifts and complex gains, the transmit bank
 * {@code V = [t_k, ∂t_k/∂θ, ∂t_k/∂r]_k} (N_B × 3(K+1), t = conj(b) of {@link Steering}), the receive bank and its
 * Gram matrix {@code Uᴴ U}, the channel-domain parameters ({@link ChannelParam}) and the Jacobian
 * {@code ∂ξ_geo/∂η_geo} of the geometric ones ({@link Geometry}). Exact near-field geometry by default.
 *
 * <p>MS (eqs. 3-4, 7): paths k = 0 (the UE's echo, Doppler ν₀) and the K PTs (static); receive bank
 * {@code [b_k, ∂b_k/∂θ, ∂b_k/∂r]} on the BS array. BP (eqs. 5-6, 11): k = 0 the line of sight, k ≥ 1 via PT k, every
 * path with its own Doppler; receive bank {@code [a_U,k, ∂a_U/∂ψ, ∂a_U/∂r_U]} on the UE array (W = I).
 * Immutable; built once per (scene, stage).
 */
public final class StageModel implements Serializable {
    private static final long serialVersionUID = 1L;
    final Stage stage;
    final SystemParams sys;
    final int paths;
    final int txElements;
    final int rxElements;
    final double[] txBank;
    final double[] rxGram;
    final double[] delayS;
    final double[] dopplerHz;
    final double[] gainRe;
    final double[] gainIm;
    final List<ChannelParam> params;
    final int geoCount;
    final double[] jacobian;
    final int etaCount;
    final boolean nearField;
    final double[] channelValues;

    StageModel(Stage stage, SystemParams sys, SeqBeamScene scene, boolean nearField) {
        this.stage = stage;
        this.sys = sys;
        this.nearField = nearField;
        this.paths = scene.ptCount() + 1;
        this.txElements = sys.bsElements();
        this.rxElements = stage == Stage.MS ? sys.bsElements() : sys.ueElements();
        double[] values = Geometry.channelGeometry(stage, sys, scene, Geometry.eta(stage, sys, scene));
        this.etaCount = Geometry.etaCount(stage, paths - 1);
        this.delayS = new double[paths];
        this.dopplerHz = new double[paths];
        this.gainRe = new double[paths];
        this.gainIm = new double[paths];
        Geometry.Layout lay = new Geometry.Layout(stage, paths);
        for (int k = 0; k < paths; k++) {
            delayS[k] = values[lay.delay(k)];
            dopplerHz[k] = lay.doppler(k) < 0 ? 0 : values[lay.doppler(k)];
            double g = Math.sqrt(Gains.powerGain(stage, sys, scene, k));
            double ph = stage == Stage.MS ? scene.msPhaseRad()[k] : scene.bpPhaseRad()[k];
            gainRe[k] = g * Math.cos(ph);
            gainIm[k] = g * Math.sin(ph);
        }
        this.txBank = new double[2 * txElements * 3 * paths];
        double[] rxBank = new double[2 * rxElements * 3 * paths];
        fillBanks(values, lay, rxBank);
        this.rxGram = gram(rxBank, rxElements, 3 * paths);
        this.params = buildParams(lay);
        this.geoCount = lay.geoCount(nearField);
        this.jacobian = Geometry.jacobian(stage, sys, scene, nearField);
        this.channelValues = channelVector(values, lay);
    }

    /** The stage model of {@code scene} with exact near-field geometry. */
    public static StageModel of(Stage stage, SystemParams sys, SeqBeamScene scene) {
        return new StageModel(stage, sys, scene, true);
    }

    /** With {@code nearField} false: the paper's far-field steering (no range parameters). */
    public static StageModel of(Stage stage, SystemParams sys, SeqBeamScene scene, boolean nearField) {
        return new StageModel(stage, sys, scene, nearField);
    }

    private void fillBanks(double[] v, Geometry.Layout lay, double[] rxBank) {
        double k = 2 * Math.PI / sys.wavelengthM();
        double[] bs = Steering.ulaOffsets(txElements, sys.elementSpacingM());
        double[] ueOff = Steering.ulaOffsets(sys.ueElements(), sys.elementSpacingM());
        int n = txElements;
        double[] b = new double[2 * n];
        double[] db = new double[2 * n];
        double[] dr = new double[2 * n];
        for (int p = 0; p < paths; p++) {
            Steering.fill(bs, k, v[lay.theta(p)], v[lay.rangeBs(p)], nearField, b, db, dr);
            conjInto(b, txBank, 2 * n * (3 * p));
            conjInto(db, txBank, 2 * n * (3 * p + 1));
            conjInto(dr, txBank, 2 * n * (3 * p + 2));
            if (stage == Stage.MS) {
                System.arraycopy(b, 0, rxBank, 2 * n * (3 * p), 2 * n);
                System.arraycopy(db, 0, rxBank, 2 * n * (3 * p + 1), 2 * n);
                System.arraycopy(dr, 0, rxBank, 2 * n * (3 * p + 2), 2 * n);
            } else {
                int m = rxElements;
                double[] a = new double[2 * m];
                double[] da = new double[2 * m];
                double[] dar = new double[2 * m];
                Steering.fill(ueOff, k, v[lay.psi(p)], v[lay.rangeUe(p)], nearField, a, da, dar);
                System.arraycopy(a, 0, rxBank, 2 * m * (3 * p), 2 * m);
                System.arraycopy(da, 0, rxBank, 2 * m * (3 * p + 1), 2 * m);
                System.arraycopy(dar, 0, rxBank, 2 * m * (3 * p + 2), 2 * m);
            }
        }
    }

    private static void conjInto(double[] x, double[] out, int off) {
        for (int i = 0; i < x.length; i += 2) {
            out[off + i] = x[i];
            out[off + i + 1] = -x[i + 1];
        }
    }

    /** {@code Bᴴ B} of a column-major bank (n rows, c columns), c × c interleaved. */
    static double[] gram(double[] bank, int n, int c) {
        double[] g = new double[2 * c * c];
        for (int x = 0; x < c; x++) {
            for (int y = 0; y < c; y++) {
                double re = 0;
                double im = 0;
                int ox = 2 * n * x;
                int oy = 2 * n * y;
                for (int i = 0; i < n; i++) {
                    double ar = bank[ox + 2 * i];
                    double ai = bank[ox + 2 * i + 1];
                    double br = bank[oy + 2 * i];
                    double bi = bank[oy + 2 * i + 1];
                    re += ar * br + ai * bi;
                    im += ar * bi - ai * br;
                }
                g[2 * (x * c + y)] = re;
                g[2 * (x * c + y) + 1] = im;
            }
        }
        return g;
    }

    private List<ChannelParam> buildParams(Geometry.Layout lay) {
        List<ChannelParam> list = new ArrayList<>();
        boolean ms = stage == Stage.MS;
        for (int k = 0; k < paths; k++) {
            int[] u = ms ? new int[] {3 * k + 1, 3 * k} : new int[] {3 * k};
            int[] w = ms ? new int[] {3 * k, 3 * k + 1} : new int[] {3 * k + 1};
            list.add(new ChannelParam(ChannelParam.Kind.THETA, k, 0, 0, gainRe[k], gainIm[k], u, w));
        }
        if (nearField) {
            for (int k = 0; k < paths; k++) {
                int[] u = ms ? new int[] {3 * k + 2, 3 * k} : new int[] {3 * k};
                int[] w = ms ? new int[] {3 * k, 3 * k + 2} : new int[] {3 * k + 2};
                list.add(new ChannelParam(ChannelParam.Kind.RANGE_BS, k, 0, 0, gainRe[k], gainIm[k], u, w));
            }
        }
        if (!ms) {
            for (int k = 0; k < paths; k++) {
                list.add(new ChannelParam(ChannelParam.Kind.PSI, k, 0, 0, gainRe[k], gainIm[k],
                        new int[] {3 * k + 1}, new int[] {3 * k}));
            }
            if (nearField) {
                for (int k = 0; k < paths; k++) {
                    list.add(new ChannelParam(ChannelParam.Kind.RANGE_UE, k, 0, 0, gainRe[k], gainIm[k],
                            new int[] {3 * k + 2}, new int[] {3 * k}));
                }
            }
        }
        for (int k = 0; k < paths; k++) {
            list.add(new ChannelParam(ChannelParam.Kind.DELAY, k, 1, 0, gainRe[k], gainIm[k],
                    new int[] {3 * k}, new int[] {3 * k}));
        }
        for (int k = 0; k < (ms ? 1 : paths); k++) {
            list.add(new ChannelParam(ChannelParam.Kind.DOPPLER, k, 0, 1, gainRe[k], gainIm[k],
                    new int[] {3 * k}, new int[] {3 * k}));
        }
        for (int k = 0; k < paths; k++) {
            list.add(new ChannelParam(ChannelParam.Kind.GAIN_RE, k, 0, 0, 1, 0, new int[] {3 * k}, new int[] {3 * k}));
        }
        for (int k = 0; k < paths; k++) {
            list.add(new ChannelParam(ChannelParam.Kind.GAIN_IM, k, 0, 0, 0, 1, new int[] {3 * k}, new int[] {3 * k}));
        }
        return List.copyOf(list);
    }

    /** ξ in {@link #params()} order: geometric values, then Re β, Im β. */
    private double[] channelVector(double[] values, Geometry.Layout lay) {
        double[] xi = new double[params.size()];
        for (int i = 0; i < params.size(); i++) {
            ChannelParam p = params.get(i);
            int k = p.path();
            xi[i] = switch (p.kind()) {
                case THETA -> values[lay.theta(k)];
                case RANGE_BS -> values[lay.rangeBs(k)];
                case PSI -> values[lay.psi(k)];
                case RANGE_UE -> values[lay.rangeUe(k)];
                case DELAY -> values[lay.delay(k)];
                case DOPPLER -> values[lay.doppler(k)];
                case GAIN_RE -> gainRe[k];
                case GAIN_IM -> gainIm[k];
            };
        }
        return xi;
    }

    public Stage stage() { return stage; }
    public SystemParams system() { return sys; }
    public int paths() { return paths; }
    public List<ChannelParam> params() { return params; }
    /** Geometric parameters (all but the gains), first in {@link #params()}. */
    public int geoCount() { return geoCount; }
    /** η_geo's length: 4 + 2K (+ 2 for BP: orientation, clock bias). */
    public int etaCount() { return etaCount; }
    /** ∂ξ_geo/∂η_geo, geoCount × etaCount row-major. */
    public double[] jacobian() { return jacobian.clone(); }
    /** ξ values in {@link #params()} order. */
    public double[] channelValues() { return channelValues.clone(); }
    public boolean nearField() { return nearField; }
    public double noisePowerW() { return sys.noisePowerW(); }
    /** The transmit bank V (N_B × 3(K+1) column-major interleaved; do not modify). */
    public double[] txBank() { return txBank; }
    public double delayS(int k) { return delayS[k]; }
    public double dopplerHz(int k) { return dopplerHz[k]; }
    public double gainRe(int k) { return gainRe[k]; }
    public double gainIm(int k) { return gainIm[k]; }

    /** Speed of light (delays). */
    static final double C = PhysicalConstants.SPEED_OF_LIGHT_MPS;
}
