package org.facegate.vision;

import org.facegate.inference.Embedding;
import org.facegate.pad.PadScore;

/**
 * The outcome of running the face pipeline on one photo: either an embedding of the selected face, or a
 * typed problem. Never an exception for bad input.
 */
public sealed interface FaceAnalysis {

    StageTimings timings();

    /**
     * The selected face was found, aligned and embedded. {@code landmarks} is null and {@code quality}
     * {@link FaceQuality#NOT_MEASURED} for analysers that do not place landmarks (scripted test analysers).
     * {@code presentation} is what the PAD stage thought of a live photo (bona fide), null where it did not run.
     */
    record Embedded(Embedding embedding, FaceBox box, double score, StageTimings timings, Landmarks landmarks,
            FaceQuality quality, PadScore presentation) implements FaceAnalysis {

        public Embedded(Embedding embedding, FaceBox box, double score, StageTimings timings) {
            this(embedding, box, score, timings, null, FaceQuality.NOT_MEASURED, null);
        }

        public Embedded(Embedding embedding, FaceBox box, double score, StageTimings timings, Landmarks landmarks,
                FaceQuality quality) {
            this(embedding, box, score, timings, landmarks, quality, null);
        }
    }

    /**
     * No usable face; {@code detail} is a short human-readable explanation without biometric data. For
     * {@link FaceProblem#PRESENTATION_ATTACK}, {@code presentation} holds the PAD score that judged it; null otherwise.
     */
    record Rejected(FaceProblem problem, String detail, StageTimings timings, PadScore presentation)
            implements FaceAnalysis {

        public Rejected(FaceProblem problem, String detail, StageTimings timings) {
            this(problem, detail, timings, null);
        }
    }
}
