package org.nftb.methods.seqbeam.live;

import org.nftb.estimator.TargetEstimate;
import org.nftb.sequential.RecordWriter;
import org.nftb.sequential.StageRecord;

/**
 * The {@code seqbeam} record the loop writes after every estimated CPI: the design the CPI was sent with, the UE
 * as the BS's MS estimated it with its PEB and radial VEB at the estimate (the transverse velocity unobservable,
 * never a number), the PTs found, the bistatic side (the UE's own estimate absent, the design's posterior bound),
 * and the next block's design with its predicted bounds or the interlock's refusal. Reused for every CPI.
 */
final class LoopRecord implements StageRecord {
    static final String TRANSVERSE = "unobservable by monostatic sensing (one Doppler per echo): carried from the "
            + "prior";
    static final String BISTATIC_ABSENT = "absent: the UE's own positioning from the BS's pilots needs seed 004's "
            + "wideband channel estimator, not in the testbed yet";
    private static final int MAX_PTS = SeqBeamProvider.MAX_PTS;

    private BlockDesign sentWith;
    private boolean ueFound;
    private double ueX;
    private double ueY;
    private double ueVr;
    private double uePeb;
    private double ueVeb;
    private final double[] ptX = new double[MAX_PTS];
    private final double[] ptY = new double[MAX_PTS];
    private final double[] ptPeb = new double[MAX_PTS];
    private int pts;
    private int ptsExpected;
    private BlockDesign next;
    private String refused;

    void clear(BlockDesign sent) {
        sentWith = sent;
        ueFound = false;
        pts = 0;
        next = null;
        refused = null;
    }

    void ue(TargetEstimate t) {
        ueFound = true;
        ueX = t.xM();
        ueY = t.yM();
        ueVr = t.radialVelocityMps();
        uePeb = Math.sqrt(t.cartesianCovariance(0, 0) + t.cartesianCovariance(1, 1));
        ueVeb = Math.sqrt(t.polarCovariance(2, 2));
    }

    void pt(TargetEstimate t) {
        if (pts < MAX_PTS) {
            ptX[pts] = t.xM();
            ptY[pts] = t.yM();
            ptPeb[pts] = Math.sqrt(t.cartesianCovariance(0, 0) + t.cartesianCovariance(1, 1));
            pts++;
        }
    }

    void ptsExpected(int expected) {
        ptsExpected = expected;
    }

    void design(BlockDesign d, String refusal) {
        next = d;
        refused = refusal;
    }

    @Override
    public String type() {
        return "seqbeam";
    }

    @Override
    public void write(RecordWriter w) {
        w.beginObject("sentWith");
        w.number("designId", sentWith == null ? Double.NaN : sentWith.id());
        w.number("designedFromCpi", sentWith == null ? Double.NaN : sentWith.fromSequence());
        w.endObject();
        w.beginObject("ue");
        w.bool("found", ueFound);
        w.number("xM", ueFound ? ueX : Double.NaN);
        w.number("yM", ueFound ? ueY : Double.NaN);
        w.number("radialVelocityMps", ueFound ? ueVr : Double.NaN);
        w.number("pebM", ueFound ? uePeb : Double.NaN);
        w.number("radialVebMps", ueFound ? ueVeb : Double.NaN);
        w.text("transverseVelocity", TRANSVERSE);
        w.endObject();
        w.integer("ptsExpected", ptsExpected);
        w.beginArray("pts");
        for (int k = 0; k < pts; k++) {
            w.beginElement();
            w.number("xM", ptX[k]);
            w.number("yM", ptY[k]);
            w.number("pebM", ptPeb[k]);
            w.endElement();
        }
        w.endArray();
        w.beginObject("bistatic");
        w.text("ueEstimate", BISTATIC_ABSENT);
        w.number("designPosteriorUePebM", sentWith == null ? Double.NaN : sentWith.posteriorUePebM());
        w.endObject();
        w.beginObject("nextDesign");
        if (next != null) {
            w.integer("id", next.id());
            w.number("rhoMs", next.rho());
            w.number("cost", next.cost());
            w.number("msUePebM", next.msUePebM());
            w.number("msUeRadialVebMps", next.msUeRadialVebMps());
            w.number("msPtPebM", next.msPtPebM());
            w.number("posteriorUePebM", next.posteriorUePebM());
            w.number("designMs", next.designNanos() / 1e6);
        } else {
            w.text("refused", refused);
        }
        w.endObject();
    }
}
