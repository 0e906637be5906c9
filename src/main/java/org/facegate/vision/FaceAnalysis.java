package org.facegate.vision;

import org.facegate.inference.Embedding;

/**
 * The outcome of running the face pipeline on one photo: either an embedding of the selected face, or a
 * typed problem. Never an exception for bad input.
 */
public sealed interface FaceAnalysis {

    StageTimings timings();

    /**
     * The selected face was found, aligned and embedded. {@code landmarks} is null and {@code quality}
     * {@link FaceQuality#NOT_MEASURED} for analysers that do not place landmarks (scripted test analysers).
     */
    record Embedded(Embedding embedding, FaceBox box, double score, StageTimings timings, Landmarks landmarks,
            FaceQuality quality) implements FaceAnalysis {

        public Embedded(Embedding embedding, FaceBox box, double score, StageTimings timings) {
            this(embedding, box, score, timings, null, FaceQuality.NOT_MEASURED);
        }
    }

    /** No usable face; {@code detail} is a short human-readable explanation without biometric data. */
    record Rejected(FaceProblem problem, String detail, StageTimings timings) implements FaceAnalysis {
    }
}
