package org.facegate.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LfwEvaluationTest {

    @Test
    void maxPairsTakesABalancedSubsetFromEveryFold() {
        List<LfwPairs.Pair> all = new ArrayList<>();
        for (int fold = 1; fold <= 2; fold++) {
            for (int k = 0; k < 10; k++) {
                all.add(new LfwPairs.Pair(fold, true, "a" + k, "b" + k));
            }
            for (int k = 0; k < 10; k++) {
                all.add(new LfwPairs.Pair(fold, false, "c" + k, "d" + k));
            }
        }
        List<LfwPairs.Pair> some = LfwEvaluation.limit(all, 12);
        assertEquals(12, some.size());
        for (int fold = 1; fold <= 2; fold++) {
            for (boolean same : new boolean[] {true, false}) {
                int f = fold;
                assertEquals(3, some.stream().filter(p -> p.fold() == f && p.same() == same).count());
            }
        }
        assertEquals(all, LfwEvaluation.limit(all, 0));
    }
}
