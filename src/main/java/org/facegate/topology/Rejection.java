package org.facegate.topology;

import org.facegate.events.Reason;
import org.facegate.pad.PadScore;
import org.facegate.vision.StageTimings;

/**
 * Why a check or enrolment is answered REJECTED, with a data-free detail and the pipeline time spent; for
 * PRESENTATION_ATTACK also the PAD score that judged it (null otherwise).
 */
record Rejection(Reason reason, String detail, StageTimings timings, PadScore presentation) {

    Rejection(Reason reason, String detail) {
        this(reason, detail, StageTimings.NONE, null);
    }

    Rejection(Reason reason, String detail, StageTimings timings) {
        this(reason, detail, timings, null);
    }

    Rejection prefixed(String prefix) {
        return new Rejection(reason, prefix + detail, timings, presentation);
    }
}
