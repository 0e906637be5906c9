package org.facegate.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which pairs a failure gallery shows, and in what order, on synthetic scored pairs at threshold 0.5. */
class FailureRankingTest {

    private static final double T = 0.5;

    private static PairOutcome scored(int index, boolean same, double distance) {
        return PairOutcome.scored(index, pair(index, same), distance, new double[] {distance});
    }

    private static LfwPairs.Pair pair(int index, boolean same) {
        return new LfwPairs.Pair(1, same, "A/A_" + index + ".jpg", "B/B_" + index + ".jpg");
    }

    private static List<Integer> indices(List<FailureRanking.Ranked> r) {
        return r.stream().map(x -> x.outcome().index()).toList();
    }

    // Distances exact in binary, so that equal margins really tie.
    private static final List<PairOutcome> PAIRS = List.of(
            scored(0, true, 0.25),     // correct genuine, 0.25 inside
            scored(1, true, 0.75),     // error: genuine 0.25 above
            scored(2, false, 0.4375),  // error: impostor 0.0625 below
            scored(3, false, 0.25),    // error: impostor 0.25 below (ties with 1, comes after it)
            scored(4, false, 0.53125), // correct impostor, 0.03125 outside
            scored(5, true, 0.625),    // error: genuine 0.125 above
            scored(6, false, 0.95),    // correct impostor, far away
            scored(7, true, 0.5),      // genuine exactly at the threshold: rejected, an error 0 beyond
            PairOutcome.failed(8, pair(8, true), null, "NO_FACE"),
            PairOutcome.failed(9, pair(9, false), "MISSING_FILE", "NO_FACE"));

    @Test
    void errorsComeFarthestOnTheWrongSideFirstAfterTheFailedPairs() {
        List<FailureRanking.Ranked> r = FailureRanking.worst(PAIRS, T, 5);
        assertEquals(List.of(8, 9, 1, 3, 5, 2, 7), indices(r));
        assertEquals(FailureRanking.Kind.FAILED_IMAGE, r.get(0).kind());
        assertTrue(r.stream().allMatch(FailureRanking.Ranked::error), "all five scored rows are errors");
        assertEquals(0.25, r.get(2).beyondThreshold(), 0);
        assertEquals(0.25, r.get(3).beyondThreshold(), 0);
        assertEquals(0.0, r.get(6).beyondThreshold(), 1e-12);
    }

    @Test
    void fewerErrorsThanRowsAreFilledWithTheCorrectPairsNearestTheThreshold() {
        List<FailureRanking.Ranked> r = FailureRanking.worst(PAIRS, T, 7);
        assertEquals(List.of(8, 9, 1, 3, 5, 2, 7, 4, 0), indices(r));
        FailureRanking.Ranked fill = r.get(7);
        assertEquals(FailureRanking.Kind.CORRECT, fill.kind());
        assertFalse(fill.error());
        assertEquals(-0.03125, fill.beyondThreshold(), 0);
        assertEquals(FailureRanking.Kind.CORRECT, r.get(8).kind());
    }

    @Test
    void failedPairsAreCappedAtTheRowCountAndDoNotTakeTheErrorsPlaces() {
        List<FailureRanking.Ranked> r = FailureRanking.worst(PAIRS, T, 1);
        assertEquals(List.of(8, 1), indices(r));
        assertTrue(Double.isNaN(r.get(0).beyondThreshold()));
    }

    @Test
    void moreRowsThanPairsShowsEveryPairOnce() {
        assertEquals(PAIRS.size(), FailureRanking.worst(PAIRS, T, 100).size());
        assertThrows(IllegalArgumentException.class, () -> FailureRanking.worst(PAIRS, T, 0));
    }
}
