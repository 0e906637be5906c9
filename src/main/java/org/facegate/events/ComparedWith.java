package org.facegate.events;

/** What the live image was compared with. */
public enum ComparedWith {
    /** The templates enrolled for the document. */
    ENROLMENT,
    /** The chip photo carried in the same check. */
    CHIP
}
