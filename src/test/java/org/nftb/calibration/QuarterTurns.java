package org.nftb.calibration;

import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.testing.ForwardingDevice;

/** A device whose channels a and b come back turned by qa and qb quarter turns (a TwinRX after a restart). */
final class QuarterTurns extends ForwardingDevice {
    private final int a;
    private final int qa;
    private final int b;
    private final int qb;

    QuarterTurns(RadioDevice inner, int a, int qa, int b, int qb) {
        super(inner);
        this.a = a;
        this.qa = qa;
        this.b = b;
        this.qb = qb;
    }

    @Override
    public void receive(RxBuffer buf, long timeoutNanos) {
        inner.receive(buf, timeoutNanos);
        turn(buf.channel(a), qa, buf.samples());
        turn(buf.channel(b), qb, buf.samples());
    }

    private static void turn(float[] c, int q, int samples) {
        for (int i = 0; i < samples; i++) {
            for (int k = 0; k < q; k++) {   // multiply by j
                float re = c[2 * i];
                c[2 * i] = -c[2 * i + 1];
                c[2 * i + 1] = re;
            }
        }
    }
}
