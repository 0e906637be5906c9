package org.facegate.vision;

import org.facegate.inference.Embedding;

/**
 * The outcome of running the face pipeline on one photo: either an embedding of the selected face, or a
 * typed problem. Never an exception for bad input.
 */
public sealed interface FaceAnalysis {

    StageTimings timings();

    /** The selected face was found, aligned and embedded. */
    record Embedded(Embedding embedding, FaceBox box, double score, StageTimings timings) implements FaceAnalysis {
    }

    /** No usable face; {@code detail} is a short human-readable explanation without biometric data. */
    record Rejected(FaceProblem problem, String detail, StageTimings timings) implements FaceAnalysis {
    }
}
