package org.facegate.vision;

/**
 * Why a photo yields no usable face. Each value is a documented, typed outcome: the topology turns it
 * into a REJECTED verdict with the same reason name, the CLI into exit code 2.
 */
public enum FaceProblem {
    /** Bytes are empty, not an image, or the image data is corrupt or truncated. */
    UNREADABLE_IMAGE,
    /** A well-formed image in a format FaceGate does not accept (e.g. GIF, 16-bit PNG is accepted; see docs/face-pipeline.md). */
    UNSUPPORTED_FORMAT,
    /** Byte size or header-declared pixel dimensions above the configured limits (checked before decoding). */
    IMAGE_TOO_LARGE,
    /** The detector found no face. */
    NO_FACE,
    /** Several faces and none dominates (see {@code FaceSelector} for the rule). */
    MULTIPLE_FACES,
    /** The face is smaller than the configured minimum (inter-eye distance or box size in pixels). */
    FACE_TOO_SMALL,
    /** The face fails the quality gate (pose, sharpness, exposure). */
    LOW_QUALITY,
    /**
     * The live photo was judged a presentation attack (a printed photo or a screen held up to the camera) by the PAD
     * stage; live photos only, never chip or enrolment photos.
     */
    PRESENTATION_ATTACK
}
