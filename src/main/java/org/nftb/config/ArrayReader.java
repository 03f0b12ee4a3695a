package org.nftb.config;

import org.nftb.model.ElementArray;

import java.util.List;

/**
 * Reads the {@code arrays:} section (docs/configuration.md, {@code arrays.rx} and {@code arrays.tx}): an
 * array is {@code ula: {count, spacingWavelengths | spacing, origin, orientation}} or {@code elements: [[x, y], …]};
 * {@code arrays.tx} is {@code rx} (monostatic, the default) or an array of its own.
 */
final class ArrayReader {
    private ArrayReader() {
    }

    /**
     * The receive and transmit arrays.
     *
     * @param monostatic true when {@code tx} is {@code rx} (the same object)
     */
    record RxTx(ElementArray rx, ElementArray tx, boolean monostatic) {
    }

    /** Reads {@code node} (the {@code arrays:} mapping); {@code wavelengthM} scales {@code spacingWavelengths}. */
    static RxTx read(ConfigNode node, double wavelengthM) {
        node.allowOnly("rx", "tx");
        ElementArray rx = readArray(node.get("rx"), wavelengthM);
        if (!node.has("tx")) {
            return new RxTx(rx, rx, true);
        }
        ConfigNode txNode = node.get("tx");
        if (!txNode.isText()) {
            return new RxTx(rx, readArray(txNode, wavelengthM), false);
        }
        if (!txNode.text().equals("rx")) {
            throw txNode.error("write 'rx' for a monostatic array or describe the transmit array");
        }
        return new RxTx(rx, rx, true);
    }

    private static ElementArray readArray(ConfigNode node, double wavelengthM) {
        node.allowOnly("ula", "elements");
        if (node.has("ula") == node.has("elements")) {
            throw node.error("give exactly one of 'ula' (count, spacing, origin, orientation) or 'elements' (positions)");
        }
        return node.has("ula") ? readUla(node.get("ula"), wavelengthM) : readElements(node.get("elements"));
    }

    /** A uniform linear array; its {@code origin} is its centre, the reference point for range and angle. */
    private static ElementArray readUla(ConfigNode u, double wavelengthM) {
        u.allowOnly("count", "spacingWavelengths", "spacing", "origin", "orientation");
        ConfigNode countNode = u.get("count");
        int count = countNode.integer();
        if (count < 1 || count > Limits.MAX_ELEMENTS) {
            throw countNode.error("must be 1.." + Limits.MAX_ELEMENTS + " elements, got " + count);
        }
        if (u.has("spacingWavelengths") == u.has("spacing")) {
            throw u.error("give exactly one of 'spacingWavelengths' (e.g. 0.5) or 'spacing' (e.g. '5.35 mm')");
        }
        double spacingM;
        if (u.has("spacingWavelengths")) {
            ConfigNode s = u.get("spacingWavelengths");
            double w = s.number();
            if (!(w > 0)) {
                throw s.error("must be > 0, got " + w);
            }
            spacingM = w * wavelengthM;
        } else {
            spacingM = u.get("spacing").positiveQuantity(Quantity.LENGTH);
        }
        u.within(spacingM * count, 0, Limits.MAX_APERTURE_M, 1, "m", "the aperture, count × spacing, of a lab array");
        double[] origin = u.has("origin") ? position(u.get("origin")) : new double[2];
        double orientation = u.optional("orientation").map(n -> n.quantity(Quantity.ANGLE)).orElse(0.0);
        return ElementArray.ula(count, spacingM, origin[0], origin[1], orientation);
    }

    /** A position [x, y] within {@link Limits#MAX_POSITION_M} of the origin. */
    private static double[] position(ConfigNode node) {
        double[] p = node.point(Quantity.LENGTH);
        node.within(Math.hypot(p[0], p[1]), 0, Limits.MAX_POSITION_M, 1, "m from the origin",
                "positions of a lab set-up");
        return p;
    }

    /** Element positions as listed; the reference point is their centroid. */
    private static ElementArray readElements(ConfigNode elements) {
        List<ConfigNode> items = elements.list();
        if (items.isEmpty() || items.size() > Limits.MAX_ELEMENTS) {
            throw elements.error("needs 1.." + Limits.MAX_ELEMENTS + " element positions, got " + items.size());
        }
        double[] x = new double[items.size()];
        double[] y = new double[items.size()];
        for (int i = 0; i < items.size(); i++) {
            double[] p = position(items.get(i));
            x[i] = p[0];
            y[i] = p[1];
        }
        double cx = 0;
        double cy = 0;
        for (int i = 0; i < x.length; i++) {
            cx += x[i] / x.length;
            cy += y[i] / x.length;
        }
        return new ElementArray(x, y, cx, cy);
    }
}
