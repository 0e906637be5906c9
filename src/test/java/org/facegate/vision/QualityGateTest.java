package org.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QualityGateTest {

    private static final QualityGate GATE = QualityGate.OFF.enable();
    private static final FaceQuality GOOD = new FaceQuality(40, 5, 2, 40, 120, 0.01);

    @Test
    void aGoodFacePasses() {
        assertTrue(GATE.enabled());
        assertFalse(QualityGate.OFF.enabled());
        assertTrue(GATE.check(GOOD).isEmpty());
    }

    @Test
    void eachCriterionMapsToItsProblem() {
        assertFailure(new FaceQuality(20, 5, 2, 40, 120, 0.01), FaceProblem.FACE_TOO_SMALL, "interEye");
        assertFailure(new FaceQuality(40, -45, 2, 40, 120, 0.01), FaceProblem.LOW_QUALITY, "yaw");
        assertFailure(new FaceQuality(40, 5, 30, 40, 120, 0.01), FaceProblem.LOW_QUALITY, "roll");
        assertFailure(new FaceQuality(40, 5, 2, 5, 120, 0.01), FaceProblem.LOW_QUALITY, "sharpness");
        assertFailure(new FaceQuality(40, 5, 2, 40, 20, 0.01), FaceProblem.LOW_QUALITY, "brightness");
        assertFailure(new FaceQuality(40, 5, 2, 40, 230, 0.01), FaceProblem.LOW_QUALITY, "brightness");
        assertFailure(new FaceQuality(40, 5, 2, 40, 120, 0.5), FaceProblem.LOW_QUALITY, "clipping");
    }

    private static void assertFailure(FaceQuality q, FaceProblem problem, String criterion) {
        QualityGate.Failure f = GATE.check(q).orElseThrow(() -> new AssertionError("should fail " + criterion));
        assertEquals(problem, f.problem());
        assertEquals(criterion, f.criterion());
    }
}
