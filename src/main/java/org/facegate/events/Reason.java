package org.facegate.events;

import org.facegate.vision.FaceProblem;

/**
 * Why a check or an enrolment was rejected. The first eight mirror {@link FaceProblem}; the rest are about the
 * event itself.
 */
public enum Reason {
    UNREADABLE_IMAGE,
    UNSUPPORTED_FORMAT,
    /** Encoded image above {@code facegate.image.max-bytes}, or pixel dimensions above the decoder's limit. */
    IMAGE_TOO_LARGE,
    NO_FACE,
    MULTIPLE_FACES,
    FACE_TOO_SMALL,
    LOW_QUALITY,
    /**
     * The live image was judged a presentation attack (a printed photo or a screen held up to the camera): the gate
     * sends the traveller to an officer. The verdict carries the PAD score, threshold and model, never a distance.
     */
    PRESENTATION_ATTACK,
    /** Not valid against the event's schema (missing or mistyped field, unknown field, bad base64, not JSON). */
    INVALID_EVENT,
    /** {@code schemaVersion} is a number this build does not read. */
    UNSUPPORTED_SCHEMA_VERSION,
    /** The record key is missing or differs from the event's documentId (see schemas/README.md). */
    KEY_MISMATCH,
    /** An enrolment with more images than templates are kept per identity. */
    TOO_MANY_IMAGES,
    /**
     * FaceGate failed unexpectedly, not the photo's fault: the face pipeline threw (the cause is logged without image
     * data), or the identity's stored templates cannot be opened with the configured template keys.
     */
    PROCESSING_ERROR;

    public static Reason of(FaceProblem problem) {
        return Reason.valueOf(problem.name());
    }
}
