package org.nftb.device;

/** A device fault or misuse: names the device and what to do. Stream faults are data ({@link RxStatus}), not this. */
public class DeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
