package org.facegate.vision;

/** Where a photo comes from; the rule for photos with several faces depends on it (see {@code FaceSelector}). */
public enum ImageRole {
    /** The gate camera's live capture: the traveller is the dominant face. */
    LIVE,
    /** The portrait read from the passport chip (ICAO 9303 DG2): tightly framed, exactly one subject. */
    CHIP,
    /** A reference image sent for enrolment. */
    ENROLMENT
}
