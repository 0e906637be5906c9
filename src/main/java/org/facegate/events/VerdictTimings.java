package org.facegate.events;

import org.facegate.vision.StageTimings;

/**
 * Milliseconds per stage for one check; with a chip photo, the sums over the live and chip images.
 * {@code totalMs} is the wall time the processor spent on the check (parse, lookup, inference, match).
 */
public record VerdictTimings(double decodeMs, double detectMs, double landmarksMs, double alignMs, double embedMs,
                             double matchMs, double totalMs) {

    public static final VerdictTimings NONE = new VerdictTimings(0, 0, 0, 0, 0, 0, 0);

    public static VerdictTimings of(StageTimings stages, double matchMs, double totalMs) {
        return new VerdictTimings(stages.decodeMs(), stages.detectMs(), stages.landmarksMs(), stages.alignMs(),
                stages.embedMs(), matchMs, totalMs);
    }

    public static StageTimings sum(StageTimings a, StageTimings b) {
        return new StageTimings(a.decodeMs() + b.decodeMs(), a.detectMs() + b.detectMs(),
                a.landmarksMs() + b.landmarksMs(), a.alignMs() + b.alignMs(), a.embedMs() + b.embedMs());
    }
}
