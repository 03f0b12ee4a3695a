package org.nftb.device.uhd.capi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import org.bytedeco.javacpp.BoolPointer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.junit.jupiter.api.Test;

/**
 * Exercises the generated binding against the installed libuhd without any radio attached.
 * Device arguments always carry {@code type=nonexistent}: every UHD discovery routine returns
 * early on a type it does not own, so these tests send no discovery packets.
 */
class UhdBindingSmokeTest {

    private static final String NO_SUCH_DEVICE = "type=nonexistent";

    @Test
    void versionStringComesFromLibuhd() {
        byte[] buf = new byte[UhdErrors.STRING_BUFFER_BYTES];
        UhdErrors.check("uhd_get_version_string", Uhd.uhd_get_version_string(buf, buf.length));
        String version = UhdErrors.cString(buf);
        assertTrue(version.startsWith("4.3"), version);
        assertEquals(4030099, Uhd.UHD_VERSION);
        assertEquals("4.3.0", Uhd.UHD_VERSION_ABI_STRING);
    }

    @Test
    void findWithNonexistentTypeReturnsEmptyList() {
        Uhd.uhd_string_vector_t found = new Uhd.uhd_string_vector_t();
        UhdErrors.check("uhd_string_vector_make", Uhd.uhd_string_vector_make(found));
        assertFalse(found.isNull(), "make must write the new handle into the Java object");
        try {
            UhdErrors.check("uhd_usrp_find", Uhd.uhd_usrp_find(NO_SUCH_DEVICE, found));
            try (SizeTPointer size = new SizeTPointer(1)) {
                UhdErrors.check("uhd_string_vector_size", Uhd.uhd_string_vector_size(found, size));
                assertEquals(0L, size.get());
            }
        } finally {
            UhdErrors.check("uhd_string_vector_free", Uhd.uhd_string_vector_free(found));
        }
        assertTrue(found.isNull(), "free must null the handle");
    }

    @Test
    void failingMakeBecomesExceptionWithUhdText() {
        Uhd.uhd_usrp usrp = new Uhd.uhd_usrp();
        UhdException e = assertThrows(UhdException.class,
                () -> UhdErrors.check("uhd_usrp_make", Uhd.uhd_usrp_make(usrp, NO_SUCH_DEVICE)));
        String uhdText = UhdErrors.globalLastError();
        assertNotEquals("None", uhdText);
        assertTrue(e.getMessage().contains(uhdText), e.getMessage());
        assertTrue(e.getMessage().contains("No devices found"), e.getMessage());
        assertEquals(Uhd.UHD_ERROR_KEY, e.errorCode(), e.getMessage());
        assertTrue(usrp.isNull());
    }

    @Test
    void sensorValueConvertsToBoolAndString() {
        Uhd.uhd_sensor_value_t sensor = new Uhd.uhd_sensor_value_t();
        UhdErrors.check("uhd_sensor_value_make_from_bool",
                Uhd.uhd_sensor_value_make_from_bool(sensor, "ref_locked", true, "locked", "unlocked"));
        try (BoolPointer locked = new BoolPointer(1); BytePointer text = new BytePointer(256)) {
            UhdErrors.check("uhd_sensor_value_to_bool", Uhd.uhd_sensor_value_to_bool(sensor, locked));
            assertTrue(locked.get());
            UhdErrors.check("uhd_sensor_value_value", Uhd.uhd_sensor_value_value(sensor, text, 256));
            assertEquals("true", UhdErrors.cString(text));
            UhdErrors.check("uhd_sensor_value_unit", Uhd.uhd_sensor_value_unit(sensor, text, 256));
            assertEquals("locked", UhdErrors.cString(text));
            UhdErrors.check("uhd_sensor_value_name", Uhd.uhd_sensor_value_name(sensor, text, 256));
            assertEquals("ref_locked", UhdErrors.cString(text));
        } finally {
            UhdErrors.check("uhd_sensor_value_free", Uhd.uhd_sensor_value_free(sensor));
        }
    }

    @Test
    void plainStructsAreReadableAndWritable() {
        try (Uhd.uhd_tune_request_t req = new Uhd.uhd_tune_request_t();
             Uhd.uhd_tune_result_t res = new Uhd.uhd_tune_result_t();
             Uhd.uhd_stream_cmd_t cmd = new Uhd.uhd_stream_cmd_t();
             Uhd.uhd_stream_args_t args = new Uhd.uhd_stream_args_t();
             BytePointer cpu = new BytePointer("fc32");
             BytePointer otw = new BytePointer("sc16");
             BytePointer empty = new BytePointer("");
             SizeTPointer channels = new SizeTPointer(0, 1, 2, 3);
             BytePointer pp = new BytePointer(1024)) {
            assertEquals(0.0, req.target_freq(), "allocate() value-initialises the struct");
            req.target_freq(28e9).rf_freq_policy(Uhd.UHD_TUNE_REQUEST_POLICY_AUTO)
                    .dsp_freq_policy(Uhd.UHD_TUNE_REQUEST_POLICY_AUTO);
            assertEquals(28e9, req.target_freq());
            assertEquals(Uhd.UHD_TUNE_REQUEST_POLICY_AUTO, req.rf_freq_policy());

            res.clipped_rf_freq(2.4e9).target_rf_freq(2.4e9).actual_rf_freq(2.4e9)
                    .target_dsp_freq(0).actual_dsp_freq(0);
            Uhd.uhd_tune_result_to_pp_string(res, pp, 1024);
            String tuned = UhdErrors.cString(pp);
            assertTrue(tuned.contains("2400"), tuned);

            cmd.stream_mode(Uhd.UHD_STREAM_MODE_NUM_SAMPS_AND_DONE).num_samps(4096).stream_now(false)
                    .time_spec_full_secs(3).time_spec_frac_secs(0.25);
            assertEquals(Uhd.UHD_STREAM_MODE_NUM_SAMPS_AND_DONE, cmd.stream_mode());
            assertEquals(4096L, cmd.num_samps());
            assertEquals(3L, cmd.time_spec_full_secs());

            args.cpu_format(cpu).otw_format(otw).args(empty).channel_list(channels).n_channels(4);
            assertEquals("fc32", args.cpu_format().getString());
            assertEquals(2L, args.channel_list().get(2));
            assertEquals(4, args.n_channels());
        }
    }

    @Test
    void metadataHandlesWork() {
        Uhd.uhd_rx_metadata_t rx = new Uhd.uhd_rx_metadata_t();
        Uhd.uhd_tx_metadata_t tx = new Uhd.uhd_tx_metadata_t();
        Uhd.uhd_async_metadata_t async = new Uhd.uhd_async_metadata_t();
        UhdErrors.check("uhd_rx_metadata_make", Uhd.uhd_rx_metadata_make(rx));
        UhdErrors.check("uhd_tx_metadata_make", Uhd.uhd_tx_metadata_make(tx, true, 5, 0.5, true, false));
        UhdErrors.check("uhd_async_metadata_make", Uhd.uhd_async_metadata_make(async));
        try (IntPointer code = new IntPointer(1); BoolPointer flag = new BoolPointer(1);
             LongPointer full = new LongPointer(1); DoublePointer frac = new DoublePointer(1)) {
            UhdErrors.check("uhd_rx_metadata_error_code", Uhd.uhd_rx_metadata_error_code(rx, code));
            assertEquals(Uhd.UHD_RX_METADATA_ERROR_CODE_NONE, code.get());
            UhdErrors.check("uhd_rx_metadata_out_of_sequence", Uhd.uhd_rx_metadata_out_of_sequence(rx, flag));
            assertFalse(flag.get());

            UhdErrors.check("uhd_tx_metadata_has_time_spec", Uhd.uhd_tx_metadata_has_time_spec(tx, flag));
            assertTrue(flag.get());
            UhdErrors.check("uhd_tx_metadata_time_spec", Uhd.uhd_tx_metadata_time_spec(tx, full, frac));
            assertEquals(5L, full.get());
            assertEquals(0.5, frac.get());
            UhdErrors.check("uhd_tx_metadata_start_of_burst", Uhd.uhd_tx_metadata_start_of_burst(tx, flag));
            assertTrue(flag.get());

            UhdErrors.check("uhd_async_metadata_event_code", Uhd.uhd_async_metadata_event_code(async, code));
        } finally {
            Uhd.uhd_rx_metadata_free(rx);
            Uhd.uhd_tx_metadata_free(tx);
            Uhd.uhd_async_metadata_free(async);
        }
        assertTrue(rx.isNull() && tx.isNull() && async.isNull());
    }

    @Test
    void directFloatBuffersAreZeroCopyRecvBuffers() {
        int samples = 1024;
        FloatBuffer[] channels = new FloatBuffer[2];
        try (PointerPointer<FloatPointer> buffs = new PointerPointer<>(channels.length)) {
            for (int ch = 0; ch < channels.length; ch++) {
                channels[ch] = ByteBuffer.allocateDirect(samples * 2 * Float.BYTES)
                        .order(ByteOrder.nativeOrder()).asFloatBuffer();
                buffs.put(ch, new FloatPointer(channels[ch]));
            }
            // What libuhd does in recv(): write through the void* it finds in buffs[ch].
            FloatPointer seenByNative = buffs.get(FloatPointer.class, 1);
            seenByNative.put(7, 0.75f);
            assertEquals(0.75f, channels[1].get(7), "the native address must be the Java buffer's");
        }
    }
}
