package org.facegate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The measurement window runs whole passes until its seconds are reached, on a clock the test drives. */
class MeasurementWindowTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    /** A pass of {@code photos} photos that takes {@code seconds} on the fake clock. */
    private MeasurementWindow.Pass pass(int photos, double seconds) {
        return () -> {
            now.addAndGet((long) (seconds * 1e9));
            return photos;
        };
    }

    @Test
    void theWindowStopsAfterThePassThatReachesItsSeconds() throws Exception {
        MeasurementWindow.Measured m = new MeasurementWindow(2.0, now::get).measure(pass(10, 0.7));
        assertEquals(3, m.passes(), "0.7, 1.4 s are short of 2 s; 2.1 s ends the window");
        assertEquals(30, m.photos());
        assertEquals(2.1, m.seconds(), 1e-9);
        assertEquals(30 / 2.1, m.photosPerSecond(), 1e-9);
    }

    @Test
    void aPassLongerThanTheWindowIsMeasuredOnceAndWhole() throws Exception {
        MeasurementWindow.Measured m = new MeasurementWindow(1.0, now::get).measure(pass(300, 3.0));
        assertEquals(1, m.passes());
        assertEquals(300, m.photos());
        assertEquals(100.0, m.photosPerSecond(), 1e-9);
    }

    @Test
    void aPassEndingExactlyAtTheWindowEndsIt() throws Exception {
        MeasurementWindow.Measured m = new MeasurementWindow(1.0, now::get).measure(pass(5, 0.5));
        assertEquals(2, m.passes());
    }

    @Test
    void aWindowWithoutLengthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MeasurementWindow(0, now::get));
        assertThrows(IllegalArgumentException.class, () -> new MeasurementWindow(Double.NaN, now::get));
    }
}
