package org.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecodeLimitsTest {

    @Test
    void defaultsAreEightMebibytesEightThousandPixelsPerSideAndTwentyFourMegapixels() {
        assertEquals(new DecodeLimits(8 * 1024 * 1024, 8000, 8000, 24_000_000L), DecodeLimits.DEFAULTS);
    }

    @Test
    void boundsAreInclusive() {
        DecodeLimits limits = new DecodeLimits(100, 50, 40, 1000);
        assertTrue(limits.allowsBytes(100));
        assertFalse(limits.allowsBytes(101));
        assertTrue(limits.allowsSize(50, 20));
        assertTrue(limits.allowsSize(25, 40));
        assertFalse(limits.allowsSize(51, 1));
        assertFalse(limits.allowsSize(1, 41));
        assertFalse(limits.allowsSize(50, 21)); // 1050 pixels
    }

    @Test
    void pixelCountDoesNotOverflow() {
        DecodeLimits wide = new DecodeLimits(1, Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE - 1);
        assertTrue(wide.allowsSize(Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertFalse(DecodeLimits.DEFAULTS.allowsSize(65_536, 65_536));
    }

    @Test
    void nonPositiveBoundsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(1, -1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(1, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(1, 1, 1, 0));
    }
}
