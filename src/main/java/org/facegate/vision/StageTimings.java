package org.facegate.vision;

/** Milliseconds spent per stage of the face pipeline for one photo (batched stages: the batch's share). */
public record StageTimings(double decodeMs, double detectMs, double landmarksMs, double alignMs, double embedMs) {

    public static final StageTimings NONE = new StageTimings(0, 0, 0, 0, 0);

    public double totalMs() {
        return decodeMs + detectMs + landmarksMs + alignMs + embedMs;
    }
}
