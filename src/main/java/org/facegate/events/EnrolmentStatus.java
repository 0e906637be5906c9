package org.facegate.events;

/** The outcome in an {@link EnrolmentResult}. */
public enum EnrolmentStatus {
    ENROLLED,
    ERASED,
    REJECTED
}
