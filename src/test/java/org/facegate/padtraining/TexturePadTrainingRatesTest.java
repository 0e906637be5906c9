package org.facegate.padtraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The error rates {@link TexturePadTraining} chooses its threshold and table with, on six hand-made scores:
 * attacks 0.2, 0.5, 0.7 and bona fide 0.3, 0.8, 0.9 (bona fide at or above the threshold passes).
 */
class TexturePadTrainingRatesTest {

    private static final double[] SCORES = {0.2, 0.5, 0.7, 0.3, 0.8, 0.9};
    private static final boolean[] LIVE = {false, false, false, true, true, true};

    @Test
    void apcerCountsAttacksAtOrAboveTheThresholdAndBpcerBonaFideBelowIt() {
        assertEquals(2.0 / 3, TexturePadTraining.rate(SCORES, LIVE, 0.5, true), 1e-12, "0.5 and 0.7 pass");
        assertEquals(1.0 / 3, TexturePadTraining.rate(SCORES, LIVE, 0.5, false), 1e-12, "0.3 is rejected");
        assertEquals(0, TexturePadTraining.rate(SCORES, LIVE, 0.75, true), 1e-12);
        assertEquals(1.0 / 3, TexturePadTraining.rate(SCORES, LIVE, 0.75, false), 1e-12);
        assertEquals(1, TexturePadTraining.rate(SCORES, LIVE, 0.0, true), 1e-12, "everything passes at 0");
        assertEquals(0, TexturePadTraining.rate(SCORES, LIVE, 0.0, false), 1e-12);
    }

    @Test
    void theThresholdAtATargetBpcerIsTheHighestBonaFideScoreThatRejectsNoMoreThanTheTarget() {
        assertEquals(0.3, TexturePadTraining.thresholdAtBpcer(SCORES, LIVE, 0.0), "no bona fide may be rejected");
        assertEquals(0.3, TexturePadTraining.thresholdAtBpcer(SCORES, LIVE, 0.33), "a third would be too many");
        assertEquals(0.8, TexturePadTraining.thresholdAtBpcer(SCORES, LIVE, 0.34), "one of three may be rejected");
        assertEquals(0.9, TexturePadTraining.thresholdAtBpcer(SCORES, LIVE, 1.0), "never above the highest score");
        for (double target : new double[] {0.0, 0.2, 0.34, 0.5, 0.7}) {
            double t = TexturePadTraining.thresholdAtBpcer(SCORES, LIVE, target);
            assertTrue(TexturePadTraining.rate(SCORES, LIVE, t, false) <= target, "BPCER at " + t + " within " + target);
        }
    }

    @Test
    void aucIsTheShareOfBonaFideAttackPairsInTheRightOrderWithTiesCountingHalf() {
        // Pairs (bona fide > attack): 0.3 beats 0.2; 0.8 and 0.9 beat all three: 7 of 9.
        assertEquals(7.0 / 9, TexturePadTraining.auc(SCORES, LIVE), 1e-12);
        assertEquals(1.0, TexturePadTraining.auc(new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {false, false, true, true}), 1e-12);
        assertEquals(0.0, TexturePadTraining.auc(new double[] {0.8, 0.9, 0.1, 0.2}, new boolean[] {false, false, true, true}), 1e-12);
        assertEquals(0.5, TexturePadTraining.auc(new double[] {0.5, 0.5, 0.5}, new boolean[] {false, true, true}), 1e-12);
    }
}
