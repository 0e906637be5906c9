package org.facegate.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Synthetic scores with a known answer: member 0 separates genuine from impostor pairs, member 1 is noise. The fit
 * must normalise by the impostors' statistics, put (nearly) all weight on member 0, and the cross-validation must
 * never fit on the fold it tests.
 */
class FusionEvaluationTest {

    @Test
    void weightGoesToTheMemberThatSeparatesAndImpostorStatisticsAreMeasured() {
        List<FusionEvaluation.Trial> trials = trials(new Random(7));
        FusionEvaluation.Fit f = FusionEvaluation.fit(trials, 2);
        assertTrue(f.weights()[0] >= 0.9, "weight of the informative member " + f.weights()[0]);
        assertEquals(1.0, f.weights()[0] + f.weights()[1], 1e-9);
        assertEquals(10.0, f.impostorMean()[0], 0.1); // impostors of member 0 ~ N(10, 1)
        assertEquals(1.0, f.impostorStd()[0], 0.1);
        assertEquals(50.0, f.impostorMean()[1], 1.0); // member 1 ~ N(50, 5) for everyone
    }

    @Test
    void crossValidationFitsEachFoldWithoutIt() {
        List<FusionEvaluation.Trial> trials = new ArrayList<>(trials(new Random(11)));
        // Make fold 3's impostors of member 0 far larger: a fit that saw fold 3 would have a larger mean.
        trials.replaceAll(t -> t.fold() == 3 && !t.same()
                ? new FusionEvaluation.Trial(3, false, new double[] {t.distances()[0] + 100, t.distances()[1]}, 0) : t);
        FusionEvaluation.Result r = FusionEvaluation.crossValidate(trials, 2, 0.01);
        assertEquals(10.0, r.fitPerFold().get(3).impostorMean()[0], 0.2, "fold 3 was held out of its own fit");
        assertTrue(r.fitPerFold().get(4).impostorMean()[0] > 20, "the other folds' fits include fold 3");
        assertEquals(trials.size(), r.outOfFold().size());
        assertEquals(10, r.kFold().folds().length);
        assertTrue(r.kFold().meanAccuracy() > 0.95, "accuracy " + r.kFold().meanAccuracy());
    }

    @Test
    void failedPairsKeepTheFailurePolicysDistance() {
        List<FusionEvaluation.Trial> trials = new ArrayList<>(trials(new Random(3)));
        trials.add(new FusionEvaluation.Trial(1, true, null, Double.POSITIVE_INFINITY));
        FusionEvaluation.Result r = FusionEvaluation.crossValidate(trials, 2, 0.01);
        assertTrue(r.outOfFold().stream().anyMatch(p -> p.distance() == Double.POSITIVE_INFINITY));
    }

    @Test
    void simplexGridCoversEveryWeightVector() {
        assertEquals(51, FusionEvaluation.simplex(2, 50).size());
        assertEquals(66, FusionEvaluation.simplex(3, 10).size());
    }

    private static List<FusionEvaluation.Trial> trials(Random rnd) {
        List<FusionEvaluation.Trial> out = new ArrayList<>();
        for (int fold = 1; fold <= 10; fold++) {
            for (int i = 0; i < 100; i++) {
                out.add(new FusionEvaluation.Trial(fold, true,
                        new double[] {6 + rnd.nextGaussian(), 50 + 5 * rnd.nextGaussian()}, 0));
                out.add(new FusionEvaluation.Trial(fold, false,
                        new double[] {10 + rnd.nextGaussian(), 50 + 5 * rnd.nextGaussian()}, 0));
            }
        }
        return out;
    }
}
