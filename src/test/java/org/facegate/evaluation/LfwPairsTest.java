package org.facegate.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LfwPairsTest {

    private static final List<String> TWO_FOLDS = List.of(
            "2\t2",
            "Abel_Pacheco\t1\t4",
            "Zico 1 2",
            "Abdel_Madi_Shabneh\t1\tDean_Barker\t1",
            "Zico\t3\tAbel_Pacheco\t2",
            "Ann\t1\t2",
            "Bob\t2\t10",
            "Ann\t1\tBob\t1",
            "Cid\t1\tAnn\t2",
            "");

    @Test
    void sameAndDifferentLinesFallIntoTheirFolds() {
        LfwPairs p = LfwPairs.parse(TWO_FOLDS);
        assertEquals(2, p.folds());
        assertEquals(2, p.pairsPerHalf());
        assertEquals(8, p.pairs().size());
        LfwPairs.Pair first = p.pairs().get(0);
        assertEquals(new LfwPairs.Pair(1, true, "Abel_Pacheco/Abel_Pacheco_0001.jpg",
                "Abel_Pacheco/Abel_Pacheco_0004.jpg"), first);
        assertEquals(new LfwPairs.Pair(1, false, "Abdel_Madi_Shabneh/Abdel_Madi_Shabneh_0001.jpg",
                "Dean_Barker/Dean_Barker_0001.jpg"), p.pairs().get(2));
        assertEquals(new LfwPairs.Pair(2, true, "Bob/Bob_0002.jpg", "Bob/Bob_0010.jpg"), p.pairs().get(5));
        assertFalse(p.pairs().get(7).same());
        assertEquals(2, p.pairs().get(7).fold());
    }

    @Test
    void imagesOfChosenFoldsAreDistinct() {
        LfwPairs p = LfwPairs.parse(TWO_FOLDS);
        List<LfwPairs.Pair> second = p.pairsOfFolds(Set.of(2));
        assertEquals(4, second.size());
        assertTrue(second.stream().allMatch(x -> x.fold() == 2));
        // Ann_0001 appears twice and Ann_0002 twice in fold 2: 5 distinct images.
        assertEquals(List.of("Ann/Ann_0001.jpg", "Ann/Ann_0002.jpg", "Bob/Bob_0002.jpg", "Bob/Bob_0010.jpg",
                "Bob/Bob_0001.jpg", "Cid/Cid_0001.jpg"), LfwPairs.images(second));
    }

    @Test
    void wrongCountsAndShapesNameTheLine() {
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> LfwPairs.parse(TWO_FOLDS.subList(0, 8)));
        assertTrue(count.getMessage().contains("expected 8 pair lines"), count.getMessage());
        List<String> badShape = new java.util.ArrayList<>(TWO_FOLDS);
        badShape.set(2, "Zico 1 2 3");
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> LfwPairs.parse(badShape));
        assertTrue(shape.getMessage().startsWith("line 3"), shape.getMessage());
        List<String> badNumber = new java.util.ArrayList<>(TWO_FOLDS);
        badNumber.set(1, "Abel_Pacheco 0 x");
        assertThrows(IllegalArgumentException.class, () -> LfwPairs.parse(badNumber));
    }
}
