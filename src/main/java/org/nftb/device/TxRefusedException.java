package org.nftb.device;

/** A transmit request outside the hardware configuration's limits; nothing was transmitted. */
public final class TxRefusedException extends DeviceException {
    private static final long serialVersionUID = 1L;

    public TxRefusedException(String message) {
        super(message);
    }
}
