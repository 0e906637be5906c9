package org.facegate.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Small score sets whose answers are worked out by hand in the comments. */
class VerificationMetricsTest {

    private static final double EPS = 1e-12;

    private static List<ScoredPair> pairs(int fold, double[] genuine, double[] impostor) {
        List<ScoredPair> out = new ArrayList<>();
        for (double g : genuine) {
            out.add(new ScoredPair(fold, true, g));
        }
        for (double i : impostor) {
            out.add(new ScoredPair(fold, false, i));
        }
        return out;
    }

    /** Genuine 0.1 0.2 0.3 0.4, impostor 0.35 0.5 0.6 0.7: one impostor (0.35) is closer than one genuine (0.4). */
    private static final List<ScoredPair> OVERLAP = pairs(1, new double[] {0.1, 0.2, 0.3, 0.4},
            new double[] {0.35, 0.5, 0.6, 0.7});

    @Test
    void aucCountsOrderedGenuineImpostorPairs() {
        // 16 (genuine, impostor) combinations, only (0.4, 0.35) is misordered: 15/16.
        assertEquals(15.0 / 16, VerificationMetrics.auc(OVERLAP), EPS);
        assertEquals(1.0, VerificationMetrics.auc(pairs(1, new double[] {0.1, 0.2}, new double[] {0.3})), EPS);
        // A tie counts half.
        assertEquals(0.5, VerificationMetrics.auc(pairs(1, new double[] {0.5}, new double[] {0.5})), EPS);
        assertEquals(0.0, VerificationMetrics.auc(pairs(1, new double[] {0.9}, new double[] {0.1, 0.2})), EPS);
    }

    @Test
    void equalErrorRateIsWhereFalseAcceptsEqualFalseRejects() {
        // Accepting below 0.36: FAR 1/4 (0.35), FRR 1/4 (0.4).
        assertEquals(0.25, VerificationMetrics.eer(OVERLAP), EPS);
        assertEquals(0.0, VerificationMetrics.eer(pairs(1, new double[] {0.1, 0.2}, new double[] {0.3, 0.4})), EPS);
        // Genuine 0.2 0.4, impostor 0.1 0.3: (FAR, FRR) steps (0,1) (.5,1) (.5,.5): crosses at 0.5.
        assertEquals(0.5, VerificationMetrics.eer(pairs(1, new double[] {0.2, 0.4}, new double[] {0.1, 0.3})), EPS);
    }

    @Test
    void thresholdAtFarAllowsFloorOfTargetTimesImpostorsFalseAccepts() {
        // FAR 0: threshold at the closest impostor (strict <), accepting the three genuine pairs below it.
        assertEquals(0.35, VerificationMetrics.thresholdAtFar(OVERLAP, 0.0), EPS);
        assertEquals(0.75, VerificationMetrics.tarAtFar(OVERLAP, 0.0), EPS);
        assertEquals(0.35, VerificationMetrics.thresholdAtFar(OVERLAP, 0.24), EPS);
        // FAR 25 %: one false accept allowed, threshold 0.5, every genuine pair accepted.
        assertEquals(0.5, VerificationMetrics.thresholdAtFar(OVERLAP, 0.25), EPS);
        assertEquals(1.0, VerificationMetrics.tarAtFar(OVERLAP, 0.25), EPS);
        assertEquals(0.25, VerificationMetrics.far(OVERLAP, 0.5), EPS);
        assertEquals(Double.POSITIVE_INFINITY, VerificationMetrics.thresholdAtFar(OVERLAP, 1.0));
    }

    @Test
    void tarAtOneInAThousandNeedsAThousandImpostors() {
        // 1000 impostors at 1..1000, genuine at 0.5, 1.5, ..., 9.5: FAR 0.001 allows 1 false accept,
        // threshold 2 accepts genuine 0.5 and 1.5.
        double[] imp = new double[1000];
        for (int k = 0; k < imp.length; k++) {
            imp[k] = k + 1;
        }
        double[] gen = new double[10];
        for (int k = 0; k < gen.length; k++) {
            gen[k] = k + 0.5;
        }
        List<ScoredPair> p = pairs(1, gen, imp);
        assertEquals(2.0, VerificationMetrics.thresholdAtFar(p, 0.001), EPS);
        assertEquals(0.2, VerificationMetrics.tarAtFar(p, 0.001), EPS);
        assertEquals(0.3, VerificationMetrics.tarAtFar(p, 0.002), EPS);
    }

    @Test
    void bestThresholdMaximisesAccuracyAndTakesTheMiddleOfTies() {
        // 0.325 and 0.45 both give 7/8; the later of the two tied candidates is the middle one.
        double t = VerificationMetrics.bestThreshold(OVERLAP);
        assertEquals(0.45, t, EPS);
        assertEquals(7.0 / 8, VerificationMetrics.accuracy(OVERLAP, t), EPS);
    }

    @Test
    void kFoldChoosesEachThresholdOnTheOtherFolds() {
        List<ScoredPair> all = new ArrayList<>(pairs(1, new double[] {0.1, 0.2}, new double[] {0.8, 0.9}));
        all.addAll(pairs(2, new double[] {0.3, 0.6}, new double[] {0.5, 0.7}));
        VerificationMetrics.KFold k = VerificationMetrics.kFold(all, 0.5);
        assertTrue(k.crossValidated());
        assertArrayEquals(new int[] {1, 2}, k.folds());
        // Fold 1 tested with fold 2's best threshold (0.4 and 0.65 tie at 3/4; middle = 0.65): 4/4 right.
        // Fold 2 tested with fold 1's best threshold 0.5: genuine 0.3 yes, 0.6 no, impostors 0.5 0.7 no: 3/4.
        assertArrayEquals(new double[] {0.65, 0.5}, k.threshold(), EPS);
        assertArrayEquals(new double[] {1.0, 0.75}, k.accuracy(), EPS);
        assertEquals(0.875, k.meanAccuracy(), EPS);
        assertEquals(Math.sqrt(2 * 0.125 * 0.125), k.stdAccuracy(), EPS);
        // FAR 0.5 on the training fold allows one of its two impostors: fold 1 gets 0.7, fold 2 gets 0.9.
        assertArrayEquals(new double[] {0.7, 0.9}, k.farThreshold(), EPS);
        assertArrayEquals(new double[] {0.0, 1.0}, k.heldOutFar(), EPS);
        assertArrayEquals(new double[] {1.0, 1.0}, k.heldOutTar(), EPS);
    }

    @Test
    void oneFoldIsNotCrossValidated() {
        VerificationMetrics.KFold k = VerificationMetrics.kFold(OVERLAP, 0.25);
        assertFalse(k.crossValidated());
        assertEquals(7.0 / 8, k.meanAccuracy(), EPS);
        assertEquals(0, k.stdAccuracy(), EPS);
    }

    @Test
    void failurePoliciesEncodeAlwaysWrongOrAlwaysDifferent() {
        List<ScoredPair> p = new ArrayList<>(OVERLAP);
        p.add(new ScoredPair(1, true, FailurePolicy.ERROR.failedDistance(true)));
        p.add(new ScoredPair(1, false, FailurePolicy.ERROR.failedDistance(false)));
        // Both extra pairs are wrong at every threshold: 7/10 at best.
        assertEquals(0.7, VerificationMetrics.accuracy(p, VerificationMetrics.bestThreshold(p)), EPS);
        assertEquals(Double.POSITIVE_INFINITY, FailurePolicy.DIFFERENT.failedDistance(false));
        assertTrue(Double.isNaN(FailurePolicy.EXCLUDE.failedDistance(true)));
    }

    @Test
    void rocRunsFromAcceptingNothingToAcceptingEverything() {
        List<VerificationMetrics.RocPoint> roc = VerificationMetrics.roc(OVERLAP);
        assertEquals(0, roc.get(0).far(), EPS);
        assertEquals(0, roc.get(0).tar(), EPS);
        assertEquals(1, roc.get(roc.size() - 1).far(), EPS);
        assertEquals(1, roc.get(roc.size() - 1).tar(), EPS);
        assertEquals(9, roc.size());
    }
}
