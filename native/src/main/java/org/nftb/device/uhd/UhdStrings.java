package org.nftb.device.uhd;

import org.bytedeco.javacpp.SizeTPointer;
import org.nftb.device.uhd.capi.Uhd;
import org.nftb.device.uhd.capi.UhdErrors;

import java.util.ArrayList;
import java.util.List;

/** A libuhd string vector as a try-with-resources handle. */
final class UhdStrings implements AutoCloseable {
    final Uhd.uhd_string_vector_t handle = new Uhd.uhd_string_vector_t();

    UhdStrings() {
        UhdErrors.check("uhd_string_vector_make", Uhd.uhd_string_vector_make(handle));
    }

    /** The strings, in order. */
    List<String> toList() {
        List<String> out = new ArrayList<>();
        try (SizeTPointer size = new SizeTPointer(1)) {
            UhdErrors.check("uhd_string_vector_size", Uhd.uhd_string_vector_size(handle, size));
            byte[] buf = new byte[UhdErrors.STRING_BUFFER_BYTES];
            for (long i = 0; i < size.get(); i++) {
                UhdErrors.check("uhd_string_vector_at", Uhd.uhd_string_vector_at(handle, i, buf, buf.length));
                out.add(UhdErrors.cString(buf));
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (!handle.isNull()) {
            Uhd.uhd_string_vector_free(handle);
        }
    }
}
