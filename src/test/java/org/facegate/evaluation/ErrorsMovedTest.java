package org.facegate.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which pairs two rules get wrong under cross-validation: a genuine pair pushed far away is a new false reject. */
class ErrorsMovedTest {

    private final List<LfwPairs.Pair> pairs = new ArrayList<>();

    /** Two folds of 50 genuine pairs at 0.1 .. 0.59 and 50 impostor pairs at 1.0 .. 1.49 (member 0; member 1 flat). */
    private List<FusionEvaluation.Trial> trials(int movedGenuine) {
        List<FusionEvaluation.Trial> out = new ArrayList<>();
        pairs.clear();
        for (int fold = 1; fold <= 2; fold++) {
            for (int i = 0; i < 100; i++) {
                boolean same = i < 50;
                double d = same ? 0.1 + i * 0.01 : 1.0 + (i - 50) * 0.01;
                int index = out.size();
                if (index == movedGenuine) {
                    d = 5; // farther than every impostor
                }
                pairs.add(new LfwPairs.Pair(fold, same, "A/A_" + index + ".jpg", "B/B_" + index + ".jpg"));
                out.add(new FusionEvaluation.Trial(fold, same, new double[] {d, 1 + 0.001 * (index % 7)}, Double.NaN));
            }
        }
        return out;
    }

    private PairScoring.Scored scored(List<FusionEvaluation.Trial> trials) {
        FusionEvaluation.Result r = FusionEvaluation.crossValidate(trials, 2, 0.01);
        return new PairScoring.Scored(r.outOfFold(), r.kFold(), Map.of(), r);
    }

    @Test
    void aGenuinePairMovedBeyondTheImpostorsIsAnIntroducedFalseReject() {
        PairScoring.Scored before = scored(trials(-1));
        PairScoring.Scored after = scored(trials(103));
        Map<String, Object> moved = ErrorsMoved.between(pairs, before, after);
        List<?> introduced = (List<?>) moved.get("introduced");
        assertEquals(1, introduced.size(), moved.toString());
        assertEquals("A/A_103.jpg", ((Map<?, ?>) introduced.get(0)).get("first"));
        assertEquals(List.of(), moved.get("fixed"));
        assertEquals(0L, ((Map<?, ?>) moved.get("errorsBefore")).get("falseRejects"));
        assertEquals(1L, ((Map<?, ?>) moved.get("errorsAfter")).get("falseRejects"));
        assertThrows(IllegalArgumentException.class, () -> ErrorsMoved.between(pairs.subList(0, 10), before, after));
    }
}
