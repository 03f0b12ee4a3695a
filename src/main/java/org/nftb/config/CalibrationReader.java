package org.nftb.config;

/**
 * Reads the {@code calibration:} section (docs/configuration.md, {@code calibration}): {@code table},
 * {@code startCheck: {method, cpis, tolerance, txGain}}, {@code watch: {everyCpis, phaseBound, amplitudeBound,
 * selfCalibrate}}. Everything is optional.
 */
final class CalibrationReader {
    private CalibrationReader() {
    }

    static CalibrationConfig read(ConfigNode node) {
        node.allowOnly("table", "startCheck", "watch");
        String table = node.optional("table").map(ConfigNode::text).orElse(null);
        CalibrationConfig.StartCheck check = node.optional("startCheck").map(CalibrationReader::check).orElse(null);
        CalibrationConfig.Watch watch = node.optional("watch").map(CalibrationReader::watch).orElse(null);
        return new CalibrationConfig(table, check, watch);
    }

    private static CalibrationConfig.StartCheck check(ConfigNode n) {
        n.allowOnly("method", "cpis", "tolerance", "txGain");
        CalibrationConfig.CheckMethod method = n.get("method").enumeration(CalibrationConfig.CheckMethod.class);
        int cpis = n.optional("cpis").map(ConfigNode::integer).orElse(method == CalibrationConfig.CheckMethod.BLIND
                ? 32 : 4);
        if (cpis < 1 || cpis > 100_000) {
            throw n.get("cpis").error("must be 1..100000, got " + cpis);
        }
        double tol = n.optional("tolerance").map(t -> t.positiveQuantity(Quantity.ANGLE)).orElse(Math.toRadians(15));
        if (tol >= Math.PI / 4) {
            throw n.get("tolerance").error("must be below 45 deg (half a quarter turn), got " + Math.toDegrees(tol)
                    + " deg");
        }
        double gain = n.optional("txGain").map(t -> t.quantity(Quantity.DECIBEL)).orElse(0.0);
        return new CalibrationConfig.StartCheck(method, cpis, tol, gain);
    }

    private static CalibrationConfig.Watch watch(ConfigNode n) {
        n.allowOnly("everyCpis", "phaseBound", "amplitudeBound", "selfCalibrate");
        int every = n.optional("everyCpis").map(ConfigNode::integer).orElse(32);
        if (every < 2) {
            throw n.get("everyCpis").error("must be >= 2 (the spread between CPIs gives the uncertainty), got " + every);
        }
        double phase = n.optional("phaseBound").map(t -> t.positiveQuantity(Quantity.ANGLE)).orElse(Math.toRadians(2));
        double amp = n.optional("amplitudeBound").map(t -> t.positiveQuantity(Quantity.DECIBEL)).orElse(0.5);
        boolean self = n.optional("selfCalibrate").map(ConfigNode::bool).orElse(false);
        return new CalibrationConfig.Watch(every, phase, amp, self);
    }
}
