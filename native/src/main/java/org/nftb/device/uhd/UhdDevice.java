package org.nftb.device.uhd;

import org.bytedeco.javacpp.SizeTPointer;
import org.nftb.device.uhd.capi.Uhd;
import org.nftb.device.uhd.capi.UhdErrors;
import org.nftb.device.uhd.capi.UhdException;

import java.util.ArrayList;
import java.util.List;

/**
 * The device handle of a {@link UhdRadio}: one {@code uhd_usrp} (a multi-USRP over every motherboard the args
 * name), made on construction and freed by {@link #close()}, after the streamers made from it.
 *
 * <p>Threading: the handle is shared by the set-up, the RX and TX streams and the tuning; {@link UhdRadio} frees
 * it only after both streams are closed.
 */
final class UhdDevice implements AutoCloseable {
    /** {@code multi_usrp::ALL_MBOARDS}: size_t(~0). */
    static final long ALL_MBOARDS = -1L;
    static final long NANOS = 1_000_000_000L;

    private final Uhd.uhd_usrp usrp = new Uhd.uhd_usrp();
    private final String args;
    private final int mboards;
    private final String names;

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

    /** Frees the handle; safe on a handle that was never made or is already freed. */
    @Override
    public void close() {
        if (!usrp.isNull()) {
            Uhd.uhd_usrp_free(usrp);
        }
    }
}
