package org.facegate.vision;

import java.util.List;

/**
 * The detection cascade for photos where the tiny detector finds nothing at first: retry steps run in order,
 * only on the photos still without a face, each surrounding the photo with a border of {@code padFraction} of
 * its larger side (black, or the edge pixels replicated) before detection. Tightly framed faces (passport
 * chips, LFW) are found far more reliably with some background around them.
 */
public record DetectionRetry(List<Step> steps) {

    /** One retry: border size as a fraction of the larger side, and what the border shows. */
    public record Step(double padFraction, boolean replicateEdges) {
        public Step {
            if (!(padFraction >= 0 && padFraction <= 2)) {
                throw new IllegalArgumentException("retry padding must be 0..2 of the image side: " + padFraction);
            }
        }
    }

    public static final DetectionRetry NONE = new DetectionRetry(List.of());

    /** Black borders of 25 % then 50 % (the cascade FaceGate started with). */
    public static final DetectionRetry DEFAULT = new DetectionRetry(List.of(new Step(0.25, false),
            new Step(0.5, false)));

    public DetectionRetry {
        steps = List.copyOf(steps);
    }
}
