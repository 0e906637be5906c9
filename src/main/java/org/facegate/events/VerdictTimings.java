package org.facegate.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.facegate.vision.StageTimings;

/**
 * Milliseconds per stage for one check; with a chip photo, the sums over the live and chip images.
 * {@code totalMs} is the wall time the processor spent on the check (parse, lookup, inference, match); {@code padMs}
 * the live image's presentation-attack check (0 where it did not run).
 */
public record VerdictTimings(double decodeMs, double detectMs, double landmarksMs, double alignMs, double embedMs,
                             double matchMs, double totalMs,
                             @JsonInclude(JsonInclude.Include.NON_DEFAULT) double padMs) {

    public static final VerdictTimings NONE = new VerdictTimings(0, 0, 0, 0, 0, 0, 0, 0);

    public VerdictTimings(double decodeMs, double detectMs, double landmarksMs, double alignMs, double embedMs,
            double matchMs, double totalMs) {
        this(decodeMs, detectMs, landmarksMs, alignMs, embedMs, matchMs, totalMs, 0);
    }

    public static VerdictTimings of(StageTimings stages, double matchMs, double totalMs) {
        return new VerdictTimings(stages.decodeMs(), stages.detectMs(), stages.landmarksMs(), stages.alignMs(),
                stages.embedMs(), matchMs, totalMs, stages.padMs());
    }

    public static StageTimings sum(StageTimings a, StageTimings b) {
        return new StageTimings(a.decodeMs() + b.decodeMs(), a.detectMs() + b.detectMs(),
                a.landmarksMs() + b.landmarksMs(), a.alignMs() + b.alignMs(), a.embedMs() + b.embedMs(),
                a.padMs() + b.padMs());
    }
}
