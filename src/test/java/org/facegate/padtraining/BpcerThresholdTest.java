package org.facegate.padtraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The calibration rule (threshold = the (k+1)-th lowest score, k = floor(target x n)) and the Clopper-Pearson interval
 * of the BPCER it achieves, against values worked out by hand and published ones.
 */
class BpcerThresholdTest {

    @Test
    void theThresholdIsTheKPlusFirstLowestScoreAndRejectsExactlyKFaces() {
        // 20 scores 0.05, 0.10, ... 1.00 shuffled; target 0.1: k = 2, threshold the 3rd lowest, 0.15
        double[] scores = new double[20];
        for (int i = 0; i < 20; i++) {
            scores[i] = (i + 1) / 20.0;
        }
        shuffle(scores);
        BpcerThreshold.Result r = BpcerThreshold.choose(scores, 0.1);
        assertEquals(0.15, r.threshold());
        assertEquals(2, r.allowed());
        assertEquals(2, r.rejected());
        assertEquals(0.1, r.bpcer());
        assertEquals(20, r.faces());
    }

    @Test
    void theTargetTimesTheFacesIsExactDecimalArithmetic() {
        double[] scores = new double[50];
        for (int i = 0; i < 50; i++) {
            scores[i] = i / 100.0;
        }
        // 0.02 x 50 is 1 exactly (a binary product could fall just under it and allow no rejection)
        BpcerThreshold.Result r = BpcerThreshold.choose(scores, 0.02);
        assertEquals(1, r.allowed());
        assertEquals(0.01, r.threshold());
        assertEquals(1, r.rejected());
        // 0.029 x 50 = 1.45: still one
        assertEquals(1, BpcerThreshold.choose(scores, 0.029).allowed());
    }

    @Test
    void tiedScoresRejectFewerThanAllowedNeverMore() {
        double[] scores = {0.2, 0.2, 0.2, 0.5, 0.6, 0.7, 0.8, 0.9, 0.9, 0.95};
        BpcerThreshold.Result r = BpcerThreshold.choose(scores, 0.2); // k = 2: threshold 0.2, nothing below it
        assertEquals(0.2, r.threshold());
        assertEquals(0, r.rejected());
        assertEquals(0.0, r.bpcer());
        assertTrue(r.rejected() <= r.allowed());
    }

    @Test
    void theAchievedBpcerNeverExceedsTheTargetOnRandomScores() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 10 + random.nextInt(500);
            double target = 0.01 + random.nextDouble() * 0.3;
            if (n < BpcerThreshold.minimumFaces(target)) {
                continue;
            }
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                scores[i] = Math.round(random.nextDouble() * 50) / 50.0; // many ties
            }
            BpcerThreshold.Result r = BpcerThreshold.choose(scores, target);
            long below = java.util.Arrays.stream(scores).filter(s -> s < r.threshold()).count();
            assertEquals(below, r.rejected());
            assertTrue(r.bpcer() <= target, r.toString());
            long belowNext = java.util.Arrays.stream(scores).filter(s -> s <= r.threshold()).count();
            assertTrue(belowNext > r.allowed() || belowNext == n, "a higher threshold would exceed the target: " + r);
        }
    }

    @Test
    void refusesATargetOutsideZeroToAHalfNoScoresAndTooFewFaces() {
        double[] ten = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
        for (double bad : new double[] {0, -0.1, 0.5, 0.7, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BpcerThreshold.choose(ten, bad));
            assertTrue(e.getMessage().contains("above 0 and below 0.5"), e.getMessage());
        }
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> BpcerThreshold.choose(new double[0], 0.02));
        assertTrue(none.getMessage().contains("no face"), none.getMessage());
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class, () -> BpcerThreshold.choose(ten, 0.02));
        assertTrue(few.getMessage().contains("10 faces are too few for a target BPCER of 0.02: at least 50"), few.getMessage());
        assertEquals(50, BpcerThreshold.minimumFaces(0.02));
        assertEquals(34, BpcerThreshold.minimumFaces(0.03));
        assertEquals(10, BpcerThreshold.choose(ten, 0.1).faces(), "1/0.1 = 10 faces are enough");
    }

    @Test
    void theIntervalIsClopperPearson() {
        // no rejection / all rejected: closed forms 1 - 0.025^(1/n) and 0.025^(1/n)
        assertEquals(0, BpcerThreshold.lower(0, 10));
        assertEquals(1 - Math.pow(0.025, 0.1), BpcerThreshold.upper(0, 10), 1e-9);
        assertEquals(Math.pow(0.025, 0.1), BpcerThreshold.lower(10, 10), 1e-9);
        assertEquals(1, BpcerThreshold.upper(10, 10));
        // 2 of 100: R's binom.test(2, 100) gives 0.002431337 - 0.070383932
        assertEquals(0.002431337, BpcerThreshold.lower(2, 100), 1e-8);
        assertEquals(0.070383932, BpcerThreshold.upper(2, 100), 1e-8);
        // 12 of 600 (a 2 % target on 600 faces): the beta quantiles Beta(12, 589) at 2.5 % and Beta(13, 588) at 97.5 %
        assertEquals(0.0103759535, BpcerThreshold.lower(12, 600), 1e-9);
        assertEquals(0.0346751597, BpcerThreshold.upper(12, 600), 1e-9);
        // large n does not underflow
        double hi = BpcerThreshold.upper(200, 100_000);
        assertTrue(hi > 0.002 && hi < 0.0025, "upper of 200/100000: " + hi);
    }

    private static void shuffle(double[] a) {
        Random r = new Random(3);
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
