package org.nftb.config;

import java.io.Serializable;

/**
 * An evenly spaced grid of {@code count} values from {@code min} to {@code max} inclusive (SI units).
 */
public record Grid(double min, double max, int count) implements Serializable {
    public Grid {
        if (count < 2 || !(max > min)) {
            throw new IllegalArgumentException("grid needs count >= 2 and max > min, got " + count + " points over ["
                    + min + ", " + max + "]");
        }
    }

    /** Value i of the grid. */
    public double value(int i) {
        return min + (max - min) * i / (count - 1);
    }
}
