package org.facegate.bench;

import java.util.function.LongSupplier;

/**
 * Repeats a pass over the photo set until at least a given number of seconds of work is done, and counts the
 * photos. A window of whole passes keeps every photo equally often in a figure; a long window (tens of seconds)
 * evens out the bursts of other load on a shared machine that made three-second runs move by tens of percent.
 * The clock is injected so that tests can drive it.
 */
final class MeasurementWindow {

    /** One pass over the photos; returns how many photos it processed. */
    @FunctionalInterface
    interface Pass {
        int run() throws Exception;
    }

    /** What one window measured: whole passes, the photos they processed and the seconds they took. */
    record Measured(int passes, long photos, double seconds) {

        double photosPerSecond() {
            return photos / seconds;
        }

        java.util.Map<String, Object> toJson() {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("passes", passes);
            m.put("photos", photos);
            m.put("seconds", seconds);
            return m;
        }
    }

    private final double minimumSeconds;
    private final LongSupplier nanoClock;

    /** A window of at least {@code minimumSeconds} (more than 0) timed by {@code nanoClock}, e.g. {@code System::nanoTime}. */
    MeasurementWindow(double minimumSeconds, LongSupplier nanoClock) {
        if (!(minimumSeconds > 0)) {
            throw new IllegalArgumentException("a measurement window needs a positive length: " + minimumSeconds);
        }
        this.minimumSeconds = minimumSeconds;
        this.nanoClock = nanoClock;
    }

    /** Runs {@code pass} at least once and again until the window's seconds are reached; the last pass ends it. */
    Measured measure(Pass pass) throws Exception {
        long start = nanoClock.getAsLong();
        long minimumNanos = (long) (minimumSeconds * 1e9);
        long photos = 0;
        int passes = 0;
        long elapsed;
        do {
            photos += pass.run();
            passes++;
            elapsed = nanoClock.getAsLong() - start;
        } while (elapsed < minimumNanos);
        return new Measured(passes, photos, elapsed / 1e9);
    }
}
