package org.nftb.device.uhd.capi;

import org.bytedeco.javacpp.annotation.NoException;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.tools.Info;
import org.bytedeco.javacpp.tools.InfoMap;
import org.bytedeco.javacpp.tools.InfoMapper;

/**
 * JavaCPP presets for the C API of libuhd (UHD 4.3, {@code uhd.h}).
 *
 * <p>At build time the JavaCPP Maven plugin's {@code parse} goal reads the headers listed
 * below and writes {@link org.nftb.device.uhd.capi.Uhd} (a subclass of this class) into
 * {@code target/generated-sources/javacpp}; its {@code build} goal then generates the JNI
 * glue for {@code Uhd}, compiles it with g++ and links it against {@code -luhd} into
 * {@code target/classes/org/nftb/device/uhd/capi/<platform>/libjniUhd.so}.
 *
 * <p>Only the C headers are listed. {@code uhd/utils/log.h} (a varargs logger),
 * {@code uhd/utils/thread_priority.h} and {@code uhd/usrp_clock/usrp_clock.h} (OctoClock)
 * are left out on purpose: the testbed does not call them.
 *
 * <p>{@code @NoException}: every function of the UHD C API catches all C++ exceptions itself
 * (the UHD_SAFE_C macros in {@code uhd/error.h}) and reports them as a {@code uhd_error}
 * return value, so the JNI glue needs no try/catch around each call.
 */
@NoException
@Properties(
        target = "org.nftb.device.uhd.capi.Uhd",
        value = @Platform(
                include = {
                        "uhd/error.h",
                        "uhd/version.h",
                        "uhd/version.hpp",
                        "uhd/types/metadata.h",
                        "uhd/types/ranges.h",
                        "uhd/types/sensors.h",
                        "uhd/types/string_vector.h",
                        "uhd/types/tune_request.h",
                        "uhd/types/tune_result.h",
                        "uhd/types/usrp_info.h",
                        "uhd/usrp/mboard_eeprom.h",
                        "uhd/usrp/dboard_eeprom.h",
                        "uhd/usrp/subdev_spec.h",
                        "uhd/usrp/usrp.h"
                },
                link = "uhd"))
public class UhdPresets implements InfoMapper {

    @Override
    public void map(InfoMap infoMap) {
        // The UHD C headers carry C++ definitions of the opaque handle structs (with
        // std::string members) under #ifdef __cplusplus; the parser must take the plain-C
        // branches so that every handle stays an opaque pointer on the Java side.
        infoMap.put(new Info("__cplusplus").define(false));

        // uhd/config.h is deliberately not in the include list (the other headers include it
        // for the JNI compile): its #if chain over _MSC_VER/__MINGW32__/__clang__/__GNUC__ is
        // not something the parser evaluates, and it would turn __declspec / __attribute__
        // macros into bogus Java constants. The parser only needs to know that UHD_API is
        // a decoration to drop in front of every C function.
        infoMap.put(new Info("UHD_API", "UHD_EXPORT", "UHD_IMPORT").cppTypes().annotations());

        // Every UHD object is "typedef struct uhd_x_t* uhd_x_handle". Left alone, the parser
        // emits references to a class per *_handle that it never defines. Map each handle to
        // its opaque struct class instead: a handle passed by value is that Pointer, and a
        // "uhd_x_handle*" out-parameter (make/free/get_*_sensor...) is @ByPtrPtr, i.e. the
        // native code writes the new address into the Java object passed in.
        String[][] handles = {
                {"uhd_rx_metadata_handle", "uhd_rx_metadata_t"},
                {"uhd_tx_metadata_handle", "uhd_tx_metadata_t"},
                {"uhd_async_metadata_handle", "uhd_async_metadata_t"},
                {"uhd_meta_range_handle", "uhd_meta_range_t"},
                {"uhd_sensor_value_handle", "uhd_sensor_value_t"},
                {"uhd_string_vector_handle", "uhd_string_vector_t"},
                {"uhd_mboard_eeprom_handle", "uhd_mboard_eeprom_t"},
                {"uhd_dboard_eeprom_handle", "uhd_dboard_eeprom_t"},
                {"uhd_subdev_spec_handle", "uhd_subdev_spec_t"},
                {"uhd_rx_streamer_handle", "uhd_rx_streamer"},
                {"uhd_tx_streamer_handle", "uhd_tx_streamer"},
                {"uhd_usrp_handle", "uhd_usrp"},
        };
        for (String[] h : handles) {
            infoMap.put(new Info(h[0]).valueTypes(h[1]).pointerTypes("@ByPtrPtr " + h[1]));
        }
    }
}
