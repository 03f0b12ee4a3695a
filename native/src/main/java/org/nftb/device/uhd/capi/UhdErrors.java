package org.nftb.device.uhd.capi;

import java.nio.charset.StandardCharsets;

import org.bytedeco.javacpp.BytePointer;

/**
 * The one place where a {@code uhd_error} return value becomes a Java exception.
 *
 * <pre>{@code
 * UhdErrors.check("uhd_usrp_make", Uhd.uhd_usrp_make(usrp, args));
 * UhdErrors.check("uhd_usrp_set_rx_rate", Uhd.uhd_usrp_set_rx_rate(usrp, rate, ch), usrp);
 * }</pre>
 *
 * <p>libuhd keeps two error texts: a process-wide one ({@code uhd_get_last_error}, shared by all
 * threads) and one per handle ({@code uhd_usrp_last_error}, {@code uhd_rx_streamer_last_error},
 * ...). Prefer the handle overloads once a handle exists; the global one is right only for
 * calls that have no handle yet (find, make).
 */
public final class UhdErrors {
    /** Size of the char buffers handed to libuhd for error and other strings. */
    public static final int STRING_BUFFER_BYTES = 1024;

    private UhdErrors() {
    }

    /** Throws {@link UhdException} with {@code uhd_get_last_error}'s text unless {@code code} is NONE. */
    public static void check(String call, int code) {
        if (code != Uhd.UHD_ERROR_NONE) {
            throw new UhdException(call, code, globalLastError());
        }
    }

    /** As {@link #check(String, int)}, reading the error text kept by the usrp handle. */
    public static void check(String call, int code, Uhd.uhd_usrp usrp) {
        if (code != Uhd.UHD_ERROR_NONE) {
            byte[] buf = new byte[STRING_BUFFER_BYTES];
            Uhd.uhd_usrp_last_error(usrp, buf, buf.length);
            throw new UhdException(call, code, cString(buf));
        }
    }

    /** As {@link #check(String, int)}, reading the error text kept by the rx streamer. */
    public static void check(String call, int code, Uhd.uhd_rx_streamer rx) {
        if (code != Uhd.UHD_ERROR_NONE) {
            byte[] buf = new byte[STRING_BUFFER_BYTES];
            Uhd.uhd_rx_streamer_last_error(rx, buf, buf.length);
            throw new UhdException(call, code, cString(buf));
        }
    }

    /** As {@link #check(String, int)}, reading the error text kept by the tx streamer. */
    public static void check(String call, int code, Uhd.uhd_tx_streamer tx) {
        if (code != Uhd.UHD_ERROR_NONE) {
            byte[] buf = new byte[STRING_BUFFER_BYTES];
            Uhd.uhd_tx_streamer_last_error(tx, buf, buf.length);
            throw new UhdException(call, code, cString(buf));
        }
    }

    /** libuhd's process-wide last error text ("None" after a successful call). */
    public static String globalLastError() {
        try (BytePointer buf = new BytePointer(STRING_BUFFER_BYTES)) {
            Uhd.uhd_get_last_error(buf, STRING_BUFFER_BYTES);
            return cString(buf);
        }
    }

    /**
     * Decodes a C string that libuhd wrote into an allocated {@link BytePointer}.
     *
     * <p>Do not use {@code BytePointer.getString()} on such a buffer: for a pointer with a
     * limit (any {@code new BytePointer(n)}) JavaCPP returns all {@code n} bytes, NULs included.
     * libuhd also fills these buffers with {@code strncpy}, which leaves no terminator when the
     * text fills the buffer; this reads at most the buffer's capacity.
     */
    public static String cString(BytePointer buf) {
        byte[] bytes = new byte[(int) Math.min(buf.capacity() - buf.position(), Integer.MAX_VALUE)];
        buf.get(bytes);
        return cString(bytes);
    }

    /** Decodes a C string that libuhd wrote into a Java byte array (up to the first NUL). */
    public static String cString(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /** Symbolic name of a {@code uhd_error} value. */
    public static String name(int code) {
        switch (code) {
            case Uhd.UHD_ERROR_NONE: return "UHD_ERROR_NONE";
            case Uhd.UHD_ERROR_INVALID_DEVICE: return "UHD_ERROR_INVALID_DEVICE";
            case Uhd.UHD_ERROR_INDEX: return "UHD_ERROR_INDEX";
            case Uhd.UHD_ERROR_KEY: return "UHD_ERROR_KEY";
            case Uhd.UHD_ERROR_NOT_IMPLEMENTED: return "UHD_ERROR_NOT_IMPLEMENTED";
            case Uhd.UHD_ERROR_USB: return "UHD_ERROR_USB";
            case Uhd.UHD_ERROR_IO: return "UHD_ERROR_IO";
            case Uhd.UHD_ERROR_OS: return "UHD_ERROR_OS";
            case Uhd.UHD_ERROR_ASSERTION: return "UHD_ERROR_ASSERTION";
            case Uhd.UHD_ERROR_LOOKUP: return "UHD_ERROR_LOOKUP";
            case Uhd.UHD_ERROR_TYPE: return "UHD_ERROR_TYPE";
            case Uhd.UHD_ERROR_VALUE: return "UHD_ERROR_VALUE";
            case Uhd.UHD_ERROR_RUNTIME: return "UHD_ERROR_RUNTIME";
            case Uhd.UHD_ERROR_ENVIRONMENT: return "UHD_ERROR_ENVIRONMENT";
            case Uhd.UHD_ERROR_SYSTEM: return "UHD_ERROR_SYSTEM";
            case Uhd.UHD_ERROR_EXCEPT: return "UHD_ERROR_EXCEPT";
            case Uhd.UHD_ERROR_BOOSTEXCEPT: return "UHD_ERROR_BOOSTEXCEPT";
            case Uhd.UHD_ERROR_STDEXCEPT: return "UHD_ERROR_STDEXCEPT";
            case Uhd.UHD_ERROR_UNKNOWN: return "UHD_ERROR_UNKNOWN";
            default: return "uhd_error " + code;
        }
    }
}
