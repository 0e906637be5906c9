package org.facegate.topology;

import org.facegate.events.Reason;
import org.facegate.vision.StageTimings;

/** Why a check or enrolment is answered REJECTED, with a data-free detail and the pipeline time spent. */
record Rejection(Reason reason, String detail, StageTimings timings) {

    Rejection(Reason reason, String detail) {
        this(reason, detail, StageTimings.NONE);
    }

    Rejection prefixed(String prefix) {
        return new Rejection(reason, prefix + detail, timings);
    }
}
