package org.nftb.device.uhd;

import org.bytedeco.javacpp.SizeTPointer;
import org.nftb.device.uhd.capi.Uhd;
import org.nftb.device.uhd.capi.UhdErrors;
import org.nftb.device.uhd.capi.UhdException;

import org.nftb.device.DeviceException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The device handle of a {@link UhdRadio}: one {@code uhd_usrp} (a multi-USRP over every motherboard the args
 * name), made on construction and freed by {@link #close()}, after the streamers made from it.
 *
 * <p>Threading: the handle is shared by the set-up, the RX and TX streams and the tuning. Control calls made
 * after open (tuning, the TX set-up of a burst, time queries) hold {@link #control()}: a command time set for a
 * timed retune applies to every control call until it is cleared, so nothing else may slip into that window,
 * and {@link #close()} takes the same lock, so no control call runs on a freed handle. Lock order: the RX or
 * TX stream's lock before this one. {@link UhdRadio} frees the handle only after both streams are closed.
 */
final class UhdDevice implements AutoCloseable {
    /** {@code multi_usrp::ALL_MBOARDS}: size_t(~0). */
    static final long ALL_MBOARDS = -1L;
    static final long NANOS = 1_000_000_000L;

    private final Uhd.uhd_usrp usrp = new Uhd.uhd_usrp();
    private final String args;
    private final int mboards;
    private final String names;
    private final ReentrantLock control = new ReentrantLock();
    private volatile boolean closed;

    /**
     * {@code uhd_usrp_make(args)}, then the motherboard count and names.
     *
     * @throws UhdException when libuhd cannot make or query the device (nothing stays allocated)
     */
    UhdDevice(String args) {
        this.args = args;
        boolean ok = false;
        try {
            UhdErrors.check("uhd_usrp_make", Uhd.uhd_usrp_make(usrp, args));
            this.mboards = (int) sizeOut(n -> Uhd.uhd_usrp_get_num_mboards(usrp, n), "uhd_usrp_get_num_mboards");
            this.names = mboardNames();
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    /** The libuhd handle, for calls on it. */
    Uhd.uhd_usrp usrp() {
        return usrp;
    }

    /** The device args it was made with (names the device in messages). */
    String args() {
        return args;
    }

    int mboards() {
        return mboards;
    }

    /** Motherboard names joined by " + ", e.g. {@code e320} or {@code n310 + n310}. */
    String names() {
        return names;
    }

    /** Held around control calls after open (see the class comment). */
    ReentrantLock control() {
        return control;
    }

    /** Throws when the handle is freed; call with {@link #control()} held. */
    void ensureOpen() {
        if (closed) {
            throw new DeviceException("uhd: device " + args + " is closed");
        }
    }

    /**
     * Device time of motherboard 0 ({@code uhd_usrp_get_time_now}), ns.
     *
     * @throws UhdException when the device does not answer
     */
    long timeNanos() {
        long[] full = new long[1];
        double[] frac = new double[1];
        control.lock();
        try {
            ensureOpen();
            check("uhd_usrp_get_time_now", Uhd.uhd_usrp_get_time_now(usrp, 0, full, frac));
        } finally {
            control.unlock();
        }
        return toNanos(full[0], frac[0]);
    }

    /** A UHD time spec (whole seconds + fraction) in ns. */
    static long toNanos(long fullSecs, double fracSecs) {
        return fullSecs * NANOS + Math.round(fracSecs * 1e9);
    }

    /** {@link UhdErrors#check(String, int, Uhd.uhd_usrp)} with this device's handle. */
    void check(String call, int code) {
        UhdErrors.check(call, code, usrp);
    }

    interface SizeCall {
        int call(SizeTPointer out);
    }

    /** A libuhd call that writes one {@code size_t}; returns it. */
    long sizeOut(SizeCall call, String name) {
        try (SizeTPointer p = new SizeTPointer(1)) {
            check(name, call.call(p));
            return p.get();
        }
    }

    private String mboardNames() {
        List<String> list = new ArrayList<>();
        byte[] buf = new byte[UhdErrors.STRING_BUFFER_BYTES];
        for (int m = 0; m < mboards; m++) {
            check("uhd_usrp_get_mboard_name", Uhd.uhd_usrp_get_mboard_name(usrp, m, buf, buf.length));
            list.add(UhdErrors.cString(buf));
        }
        return String.join(" + ", list);
    }

    /** Frees the handle, waiting for a control call in progress; safe on a handle never made or already freed. */
    @Override
    public void close() {
        control.lock();
        try {
            closed = true;
            if (!usrp.isNull()) {
                Uhd.uhd_usrp_free(usrp);
            }
        } finally {
            control.unlock();
        }
    }
}
