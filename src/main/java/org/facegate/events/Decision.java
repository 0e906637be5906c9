package org.facegate.events;

/** The answer in a {@link Verdict}. */
public enum Decision {
    /** Distance strictly below the threshold. */
    MATCH,
    /** Compared, distance at or above the threshold. */
    NO_MATCH,
    /** No chip photo in the check and no templates for the document (or only templates of another model). */
    NOT_ENROLLED,
    /** The check could not be decided; {@link Verdict#reason()} says why. */
    REJECTED
}
