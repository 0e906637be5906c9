package org.facegate.pad;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A PAD score is judged against its threshold: at or above is bona fide, below is an attack. */
class PadScoreTest {

    @Test
    void aScoreAtTheThresholdIsBonaFideAndJustBelowItAnAttack() {
        assertTrue(new PadScore(0.45, 0.45, "m@1").bonaFide());
        PadScore below = new PadScore(Math.nextDown(0.45), 0.45, "m@1");
        assertTrue(below.attack());
        assertFalse(below.bonaFide());
    }
}
