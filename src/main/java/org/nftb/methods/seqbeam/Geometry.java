package org.nftb.methods.seqbeam;

import java.util.Arrays;

/**
 * The map from the position domain η to the channel domain ξ (seed 002 eqs. 7-8 and 11-12) and its Jacobian
 * {@code J = ∂ξ_geo/∂η_geo}, exact 2-D geometry. η_geo = [x_U, y_U, v_x, v_y, x₁, y₁, …, x_K, y_K] (BP adds the UE
 * array's orientation φ and the clock bias Δt). Angles from broadside, positive towards the array axis; the BS array
 * lies on the x-axis at the origin; the UE array's axis is {@code (cos φ, sin φ)}, its broadside {@code (−sin φ, cos φ)}.
 *
 * <ul>
 *   <li>MS path k (UE k = 0, PT k): θ = atan2(x, y), r_B = |p|, τ = 2|p|/c; ν₀ = −2 v·p/(λ|p|).</li>
 *   <li>BP line of sight: θ₀, r_B = |p_U|, ψ₀ = the angle of D = −p_U in the UE frame, r_U = |p_U|,
 *       τ₀ = |p_U|/c + Δt, ν₀ = −v·p_U/(λ|p_U|).</li>
 *   <li>BP via PT k: θ_k, r_B = |p_k|, ψ_k the angle of D = p_k − p_U in the UE frame, r_U = |D|,
 *       τ_k = (|p_k| + |D|)/c + Δt, ν_k = −v·e/λ with e = (p_U − p_k)/|D| (only the UE moves).</li>
 * </ul>
 * Stateless.
 */
final class Geometry {
    static final int THETA = 0;
    static final int RANGE_BS = 1;
    static final int PSI = 2;
    static final int RANGE_UE = 3;
    static final int DELAY = 4;
    static final int DOPPLER = 5;
    static final int FIELDS = 6;

    private Geometry() {
    }

    /** Index of each path's geometric quantities in the values vector of {@link #channelGeometry}. */
    record Layout(Stage stage, int paths) {
        int theta(int k) { return FIELDS * k + THETA; }
        int rangeBs(int k) { return FIELDS * k + RANGE_BS; }
        int psi(int k) { return FIELDS * k + PSI; }
        int rangeUe(int k) { return FIELDS * k + RANGE_UE; }
        int delay(int k) { return FIELDS * k + DELAY; }
        int doppler(int k) { return stage == Stage.MS && k > 0 ? -1 : FIELDS * k + DOPPLER; }

        /** Geometric channel parameters in {@link StageModel#params()}. */
        int geoCount(boolean nearField) {
            int perPath = stage == Stage.MS ? (nearField ? 3 : 2) : (nearField ? 6 : 4);
            return perPath * paths + (stage == Stage.MS ? 1 : 0);
        }
    }

    static int etaCount(Stage stage, int pts) {
        return 4 + 2 * pts + (stage == Stage.BP ? 2 : 0);
    }

    /** η_geo of a scene. */
    static double[] eta(Stage stage, SystemParams sys, SeqBeamScene scene) {
        int k = scene.ptCount();
        double[] eta = new double[etaCount(stage, k)];
        eta[0] = scene.ue()[0];
        eta[1] = scene.ue()[1];
        eta[2] = scene.ueVelocity()[0];
        eta[3] = scene.ueVelocity()[1];
        for (int i = 0; i < k; i++) {
            eta[4 + 2 * i] = scene.pts()[i][0];
            eta[5 + 2 * i] = scene.pts()[i][1];
        }
        if (stage == Stage.BP) {
            eta[4 + 2 * k] = sys.ueOrientationRad();
            eta[5 + 2 * k] = sys.clockBiasS();
        }
        return eta;
    }

    /** Every path's θ, r_B, ψ, r_U, τ, ν (NaN where a stage has none), FIELDS per path, from η_geo. */
    static double[] channelGeometry(Stage stage, SystemParams sys, SeqBeamScene scene, double[] eta) {
        int pts = scene.ptCount();
        double lambda = sys.wavelengthM();
        double c = StageModel.C;
        double[] out = new double[FIELDS * (pts + 1)];
        Arrays.fill(out, Double.NaN);
        double ux = eta[0];
        double uy = eta[1];
        double vx = eta[2];
        double vy = eta[3];
        double ru = Math.hypot(ux, uy);
        for (int k = 0; k <= pts; k++) {
            double px = k == 0 ? ux : eta[2 + 2 * k];
            double py = k == 0 ? uy : eta[3 + 2 * k];
            double r = Math.hypot(px, py);
            int o = FIELDS * k;
            out[o + THETA] = Math.atan2(px, py);
            out[o + RANGE_BS] = r;
            if (stage == Stage.MS) {
                out[o + DELAY] = 2 * r / c;
                if (k == 0) {
                    out[o + DOPPLER] = -2 * (vx * ux + vy * uy) / (lambda * ru);
                }
                continue;
            }
            double phi = eta[4 + 2 * pts];
            double bias = eta[5 + 2 * pts];
            double dx = k == 0 ? -ux : px - ux;
            double dy = k == 0 ? -uy : py - uy;
            double dist = Math.hypot(dx, dy);
            double ax = Math.cos(phi);
            double ay = Math.sin(phi);
            out[o + PSI] = Math.atan2(dx * ax + dy * ay, -dx * ay + dy * ax);
            out[o + RANGE_UE] = dist;
            out[o + DELAY] = (k == 0 ? ru : r + dist) / c + bias;
            // e: unit vector from the source of the last leg towards the UE
            out[o + DOPPLER] = -(vx * (-dx) + vy * (-dy)) / (lambda * dist);
        }
        return out;
    }

    /** ξ_geo (in {@link StageModel#params()} order) from η_geo: what the Jacobian differentiates. */
    static double[] xiGeo(Stage stage, SystemParams sys, SeqBeamScene scene, double[] eta, boolean nearField) {
        double[] v = channelGeometry(stage, sys, scene, eta);
        int paths = scene.ptCount() + 1;
        Layout lay = new Layout(stage, paths);
        double[] xi = new double[lay.geoCount(nearField)];
        int i = 0;
        for (int k = 0; k < paths; k++) {
            xi[i++] = v[lay.theta(k)];
        }
        if (nearField) {
            for (int k = 0; k < paths; k++) {
                xi[i++] = v[lay.rangeBs(k)];
            }
        }
        if (stage == Stage.BP) {
            for (int k = 0; k < paths; k++) {
                xi[i++] = v[lay.psi(k)];
            }
            if (nearField) {
                for (int k = 0; k < paths; k++) {
                    xi[i++] = v[lay.rangeUe(k)];
                }
            }
        }
        for (int k = 0; k < paths; k++) {
            xi[i++] = v[lay.delay(k)];
        }
        for (int k = 0; k < (stage == Stage.MS ? 1 : paths); k++) {
            xi[i++] = v[lay.doppler(k)];
        }
        return xi;
    }

    /** ∂ξ_geo/∂η_geo (row-major, geoCount × etaCount), analytic. */
    static double[] jacobian(Stage stage, SystemParams sys, SeqBeamScene scene, boolean nearField) {
        int pts = scene.ptCount();
        int paths = pts + 1;
        int ne = etaCount(stage, pts);
        Layout lay = new Layout(stage, paths);
        double[] eta = eta(stage, sys, scene);
        double[] j = new double[lay.geoCount(nearField) * ne];
        double lambda = sys.wavelengthM();
        double c = StageModel.C;
        double ux = eta[0];
        double uy = eta[1];
        double vx = eta[2];
        double vy = eta[3];
        int row = 0;
        for (int k = 0; k < paths; k++, row++) {              // θ_k
            double[] p = point(eta, k);
            double r2 = p[0] * p[0] + p[1] * p[1];
            set(j, ne, row, pos(k), p[1] / r2, -p[0] / r2);
        }
        if (nearField) {
            for (int k = 0; k < paths; k++, row++) {          // r_B,k
                double[] p = point(eta, k);
                double r = Math.hypot(p[0], p[1]);
                set(j, ne, row, pos(k), p[0] / r, p[1] / r);
            }
        }
        if (stage == Stage.BP) {
            int phiCol = 4 + 2 * pts;
            double phi = eta[phiCol];
            double ax = Math.cos(phi);
            double ay = Math.sin(phi);
            for (int k = 0; k < paths; k++, row++) {          // ψ_k
                double[] d = leg(eta, k);
                double dd = d[0] * d[0] + d[1] * d[1];
                double along = d[0] * ax + d[1] * ay;
                double normal = -d[0] * ay + d[1] * ax;
                // ∂ψ/∂D = (normal·axis − along·broadside)/|D|²
                double gx = (normal * ax - along * (-ay)) / dd;
                double gy = (normal * ay - along * ax) / dd;
                legChain(j, ne, row, k, gx, gy);
                j[row * ne + phiCol] = 1;
            }
            if (nearField) {
                for (int k = 0; k < paths; k++, row++) {      // r_U,k = |D|
                    double[] d = leg(eta, k);
                    double dist = Math.hypot(d[0], d[1]);
                    legChain(j, ne, row, k, d[0] / dist, d[1] / dist);
                }
            }
        }
        for (int k = 0; k < paths; k++, row++) {              // τ_k
            double[] p = point(eta, k);
            double r = Math.hypot(p[0], p[1]);
            if (stage == Stage.MS) {
                set(j, ne, row, pos(k), 2 * p[0] / (r * c), 2 * p[1] / (r * c));
            } else {
                double[] d = leg(eta, k);
                double dist = Math.hypot(d[0], d[1]);
                if (k == 0) {
                    set(j, ne, row, 0, ux / (r * c), uy / (r * c));
                } else {
                    // τ = (|p_k| + |p_k − p_U|)/c + Δt
                    set(j, ne, row, 0, -d[0] / (dist * c), -d[1] / (dist * c));
                    set(j, ne, row, pos(k), (p[0] / r + d[0] / dist) / c, (p[1] / r + d[1] / dist) / c);
                }
                j[row * ne + 5 + 2 * pts] = 1;
            }
        }
        for (int k = 0; k < (stage == Stage.MS ? 1 : paths); k++, row++) {   // ν_k
            double scale = stage == Stage.MS ? 2 : 1;
            double[] e;
            double dist;
            if (k == 0) {
                dist = Math.hypot(ux, uy);
                e = new double[] {ux / dist, uy / dist};
            } else {
                double[] d = leg(eta, k);
                dist = Math.hypot(d[0], d[1]);
                e = new double[] {-d[0] / dist, -d[1] / dist};
            }
            double ve = vx * e[0] + vy * e[1];
            set(j, ne, row, 2, -scale * e[0] / lambda, -scale * e[1] / lambda);
            double gx = -scale * (vx - ve * e[0]) / (lambda * dist);
            double gy = -scale * (vy - ve * e[1]) / (lambda * dist);
            set(j, ne, row, 0, gx, gy);
            if (k > 0) {
                set(j, ne, row, pos(k), -gx, -gy);
            }
        }
        return j;
    }

    private static int pos(int k) {
        return k == 0 ? 0 : 2 + 2 * k;
    }

    private static double[] point(double[] eta, int k) {
        return k == 0 ? new double[] {eta[0], eta[1]} : new double[] {eta[2 + 2 * k], eta[3 + 2 * k]};
    }

    /** D: from the UE to the BS (k = 0) or to PT k. */
    private static double[] leg(double[] eta, int k) {
        return k == 0 ? new double[] {-eta[0], -eta[1]} : new double[] {eta[2 + 2 * k] - eta[0], eta[3 + 2 * k] - eta[1]};
    }

    /** Chain rule for a function of D: ∂/∂p_U = −g, ∂/∂p_k = +g (k ≥ 1). */
    private static void legChain(double[] j, int ne, int row, int k, double gx, double gy) {
        set(j, ne, row, 0, -gx, -gy);
        if (k > 0) {
            set(j, ne, row, pos(k), gx, gy);
        }
    }

    private static void set(double[] j, int ne, int row, int col, double a, double b) {
        j[row * ne + col] += a;
        j[row * ne + col + 1] += b;
    }
}
