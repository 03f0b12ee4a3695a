package org.nftb.methods.vmp;

import org.nftb.model.SubarrayLayout;
import org.nftb.model.ElementArray;
import org.nftb.model.MimoWaveform;
import org.nftb.model.PhysicalConstants;
import org.nftb.model.TargetState;

/** Small seed-000 geometries for tests: Fig. 1 arrays (transmit along +x from D0/2, receive along −x from −D0/2). */
final class VmpScenes {
    static final double WAVELENGTH_M = PhysicalConstants.wavelengthM(28e9);
    static final double PERIOD_S = 10e-6;

    private VmpScenes() {
    }

    /** Transmit array of Fig. 1: element i at (D0/2 + i d, 0). */
    static ElementArray tx(int n, double d0) {
        double d = WAVELENGTH_M / 2;
        return ElementArray.ula(n, d, d0 / 2 + (n - 1) * d / 2, 0, 0);
    }

    /** Receive array of Fig. 1: element j at (−D0/2 − j d, 0). */
    static ElementArray rx(int n, double d0) {
        double d = WAVELENGTH_M / 2;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int j = 0; j < n; j++) {
            x[j] = -d0 / 2 - j * d;
        }
        return new ElementArray(x, y, -d0 / 2 - (n - 1) * d / 2, 0);
    }

    static VmpConfig config(int m, VmpConfig.Fusion fusion, int pulses, double maxSpeed) {
        return new VmpConfig(MimoWaveform.Scheme.TDM, m, fusion, 50, 1e-9,
                VmpProvider.defaultDecimation(pulses, PERIOD_S, maxSpeed, WAVELENGTH_M), maxSpeed, VmpConfig.Refine.NONE);
    }

    /**
     * The piecewise-far-field data of eq. (8) for every pair, in snapshot order: element (m M + k_t, n M + k_r)
     * carries {@code β_mn e^{j k_t ψ_t} e^{j k_r ψ_r} e^{−j2π f_mn t_l}} with ψ and f from the layout's geometry.
     */
    static float[] farField(SubarrayLayout layout, TargetState s, int nt, int nr, int pulses) {
        int m = layout.subarraySize();
        float[] out = new float[2 * nt * nr * pulses];
        double[] u = new double[2];
        for (int i = 0; i < nt; i++) {
            for (int j = 0; j < nr; j++) {
                int mt = i / m;
                int nq = j / m;
                double pt = layout.psi(true, mt, s.xM(), s.yM(), null);
                double pr = layout.psi(false, nq, s.xM(), s.yM(), null);
                layout.dopplerDirection(mt, nq, s.xM(), s.yM(), u);
                double f = (u[0] * s.vxMps() + u[1] * s.vyMps()) / WAVELENGTH_M;
                double beta = 1 + 0.1 * mt - 0.05 * nq;   // a different gain per pair
                double phase0 = 0.3 * mt + 0.7 * nq;
                for (int l = 0; l < pulses; l++) {
                    double t = (l - (pulses - 1) / 2.0) * PERIOD_S;
                    double ph = phase0 + (i % m) * pt + (j % m) * pr - 2 * Math.PI * f * t;
                    int o = 2 * ((i * nr + j) * pulses + l);
                    out[o] = (float) (beta * Math.cos(ph));
                    out[o + 1] = (float) (beta * Math.sin(ph));
                }
            }
        }
        return out;
    }
}
