package org.facegate.vision;

/**
 * Milliseconds spent per stage of the face pipeline for one photo (batched stages: the batch's share). {@code padMs}
 * is the presentation-attack check of a live photo, 0 where it did not run.
 */
public record StageTimings(double decodeMs, double detectMs, double landmarksMs, double alignMs, double embedMs,
        double padMs) {

    public static final StageTimings NONE = new StageTimings(0, 0, 0, 0, 0, 0);

    /** Timings of a photo that did not go through the PAD stage. */
    public StageTimings(double decodeMs, double detectMs, double landmarksMs, double alignMs, double embedMs) {
        this(decodeMs, detectMs, landmarksMs, alignMs, embedMs, 0);
    }

    public StageTimings withPadMs(double ms) {
        return new StageTimings(decodeMs, detectMs, landmarksMs, alignMs, embedMs, ms);
    }

    public double totalMs() {
        return decodeMs + detectMs + landmarksMs + alignMs + embedMs + padMs;
    }
}
