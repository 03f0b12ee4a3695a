package org.nftb.methods.ispac;

import org.nftb.config.Backend;
import org.nftb.config.ConfigException;
import org.nftb.config.ConfigNode;
import org.nftb.config.Quantity;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.config.EstimatorConfig;
import org.nftb.config.EstimatorContext;
import org.nftb.estimator.EstimatorProvider;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.methods.ispac.design.DesignInfeasibleException;
import org.nftb.model.ElementArray;
import org.nftb.model.PolarState;

import java.util.List;
import java.util.Locale;

/**
 * Seed 003's double-array positioning as a plug-in ({@code estimator.type: ispac}): reads its section, checks
 * that transmit and receive arrays are separate (MT and AT), that the receiving array (the AT in downlink) is a ULA
 * along x (stage 1's far-field MUSIC), that N_RF divides the MT, and builds the transmit block and the search
 * tables once ({@link IspacSetup}).
 */
public final class IspacProvider implements EstimatorProvider {
    static final int MAX_SNAPSHOTS = 1 << 14;

    @Override
    public String type() {
        return IspacConfig.TYPE;
    }

    @Override
    public EstimatorConfig read(ConfigNode node, EstimatorContext context, List<String> warnings) {
        node.allowOnly("type", "link", "rfChains", "users", "probingShare", "sector", "minRange", "maxRange",
                "rangePoints", "seed", "txGain", "design", "userSinr", "designTarget");
        if (context.monostatic()) {
            throw node.error("ispac needs two arrays: arrays.tx (downlink: the MT) and arrays.rx (downlink: the AT) "
                    + "at their own positions; 'tx: rx' is a monostatic array");
        }
        IspacConfig.Link link = node.optional("link").map(n -> n.enumeration(IspacConfig.Link.class))
                .orElse(IspacConfig.Link.DOWNLINK);
        ElementArray mt = link == IspacConfig.Link.DOWNLINK ? context.txArray() : context.rxArray();
        ElementArray at = link == IspacConfig.Link.DOWNLINK ? context.rxArray() : context.txArray();
        int nrf = node.optional("rfChains").map(ConfigNode::integer).orElse(Math.max(1, mt.count() / 4));
        if (nrf < 1 || mt.count() % nrf != 0) {
            throw node.get("rfChains").error("N_RF = " + nrf + " must divide the MT's " + mt.count()
                    + " elements (M = N_a / N_RF antennas per chain)");
        }
        int users = node.optional("users").map(ConfigNode::integer).orElse(4);
        if (users < 0 || users > nrf) {
            throw node.get("users").error("users must be 0.." + nrf + " (at most N_RF streams), got " + users);
        }
        double share = node.optional("probingShare").map(ConfigNode::number).orElse(0.5);
        if (!(share > 0 && share <= 1)) {
            throw node.get("probingShare").error("must be in (0, 1]: the probing part is what positions, got "
                    + share);
        }
        double sector = node.optional("sector").map(n -> n.quantity(Quantity.ANGLE)).orElse(Math.toRadians(80));
        if (!(sector > 0 && sector < Math.PI / 2)) {
            throw node.get("sector").error("must be in (0, 90) deg");
        }
        double minR = node.optional("minRange").map(n -> n.positiveQuantity(Quantity.LENGTH)).orElse(2.0);
        double maxR = node.optional("maxRange").map(n -> n.positiveQuantity(Quantity.LENGTH)).orElse(200.0);
        if (!(maxR > minR) || maxR > 1e5) {
            throw node.error("need minRange < maxRange <= 100 km, got " + minR + " m and " + maxR + " m");
        }
        int points = node.optional("rangePoints").map(ConfigNode::integer).orElse(128);
        if (points < 8 || points > 1 << 16) {
            throw node.get("rangePoints").error("must be 8..65536, got " + points);
        }
        long seed = node.optional("seed").map(ConfigNode::longInteger).orElse(1L);
        double gain = node.optional("txGain").map(n -> n.quantity(Quantity.DECIBEL)).orElse(0.0);
        requireUlaAlongX(node, link == IspacConfig.Link.DOWNLINK ? at : mt,
                link == IspacConfig.Link.DOWNLINK ? "arrays.rx (the AT)" : "arrays.rx (the MT)");
        if (context.cpiSymbols() < 2 || context.cpiSymbols() > MAX_SNAPSHOTS) {
            throw node.error("cpiSymbols (the snapshots T) must be 2.." + MAX_SNAPSHOTS + ", got "
                    + context.cpiSymbols());
        }
        IspacConfig.Design design = node.optional("design").map(n -> n.enumeration(IspacConfig.Design.class))
                .orElse(IspacConfig.Design.CRB);
        if (link == IspacConfig.Link.UPLINK && design == IspacConfig.Design.RANDOM) {
            users = 0;                      // uplink users exist only in the CRB design (Algorithm 6)
        }
        double sinr = node.optional("userSinr").map(n -> n.quantity(Quantity.DECIBEL)).orElse(10.0);
        if (!(sinr >= -20 && sinr <= 40)) {
            throw node.get("userSinr").error("must be -20..40 dB, got " + sinr);
        }
        double[] target = null;
        if (node.optional("designTarget").isPresent()) {
            List<ConfigNode> xy = node.get("designTarget").list();
            if (xy.size() != 2) {
                throw node.get("designTarget").error("expected [x, y], got " + xy.size() + " values");
            }
            target = new double[]{xy.get(0).quantity(Quantity.LENGTH), xy.get(1).quantity(Quantity.LENGTH)};
        }
        return new IspacConfig(link, nrf, users, share, sector, minR, maxR, points, seed, gain, design, sinr,
                target);
    }

    private static void requireUlaAlongX(ConfigNode node, ElementArray a, String what) {
        for (int n = 0; n < a.count(); n++) {
            if (Math.abs(a.yM(n) - a.referenceYM()) > 1e-9) {
                throw node.error(what + " must lie along the x-axis through its reference point (stage 1 uses its "
                        + "far-field steering, seed 003 eq. 4): element " + n + " is off the axis");
            }
        }
    }

    @Override
    public void check(RunConfig config, List<String> warnings) {
        SceneConfig scene = config.scene();
        if (config.radio().backend() == Backend.SIM && scene != null
                && (scene.transmitPath() == null
                || scene.transmitPath().mode() != SceneConfig.TransmitPath.Mode.REFLECT)) {
            throw new ConfigException(config.source(), "scene.transmitPath", "must be 'reflect' for "
                    + "estimator ispac: the targets are lit by the transmitted block, which the AT hears as echoes "
                    + "(add 'transmitPath: reflect' under scene)");
        }
        if (!config.radio().txLimits().enabled()) {
            throw new ConfigException(config.source(), "radio.txLimits", "estimator ispac transmits "
                    + "its block every CPI; add radio.txLimits (frequencyRanges, maxGain, maxSampleRate)");
        }
        IspacConfig c = (IspacConfig) config.estimator();
        if (scene != null) {
            for (int i = 0; i < scene.targets().size(); i++) {
                PolarState p = scene.targets().get(i).initial().toPolar(config.rxArray().referenceXM(),
                        config.rxArray().referenceYM());
                if (Math.abs(p.angleRad()) > c.sectorRad() || p.rangeM() < c.minRangeM()
                        || p.rangeM() > c.maxRangeM()) {
                    warnings.add(String.format(Locale.ROOT, "scene target %d at %.1f deg, %.2f m lies outside the "
                                    + "ispac search (±%.0f deg, %.1f-%.1f m): it will not be found", i,
                            Math.toDegrees(p.angleRad()), p.rangeM(), Math.toDegrees(c.sectorRad()), c.minRangeM(),
                            c.maxRangeM()));
                }
            }
        }
    }

    @Override
    public long workingBytesPerWorker(RunConfig config) {
        long na = Math.max(config.txArray().count(), config.rxArray().count());
        long t = config.cpiSymbols();
        return 16 * (4 * na * na + 4 * na * t) + 8L * config.rxArray().count() * t;
    }

    @Override
    public EstimatorSetup setup(RunConfig config) {
        IspacConfig c = (IspacConfig) config.estimator();
        if (c.design() == IspacConfig.Design.CRB && c.users() > 0 && c.designTargetXy() == null
                && (config.scene() == null || config.scene().targets().isEmpty())) {
            throw new ConfigException(config.source(), "estimator.designTarget", "the CRB design "
                    + "needs the target's expected position: add 'designTarget: [x m, y m]' (there is no scene "
                    + "target to take it from), or 'design: random'");
        }
        try {
            return IspacSetup.build(config, c);
        } catch (DesignInfeasibleException e) {
            throw new ConfigException(config.source(), "estimator.userSinr", e.getMessage());
        }
    }
}
