package org.facegate.evaluation;

/**
 * One evaluated pair as the calibrated decision sees it: its place among the evaluated pairs, the LFW pair, the
 * distance the decision compares with the threshold (the fused score for a fusion) and each member model's own
 * distance; or, when a photo yielded no embedding, the problem of each photo (null for a photo that was fine) and
 * a NaN distance.
 *
 * @param index           0-based position in the evaluated pairs
 * @param memberDistances one per member model, in member order; empty for a failed pair
 */
public record PairOutcome(int index, LfwPairs.Pair pair, double distance, double[] memberDistances,
        String firstProblem, String secondProblem) {

    public PairOutcome {
        memberDistances = memberDistances.clone();
    }

    /** A pair whose photos were both embedded. */
    public static PairOutcome scored(int index, LfwPairs.Pair pair, double distance, double[] memberDistances) {
        return new PairOutcome(index, pair, distance, memberDistances, null, null);
    }

    /** A pair with at least one photo without an embedding (null problem: that photo was fine). */
    public static PairOutcome failed(int index, LfwPairs.Pair pair, String firstProblem, String secondProblem) {
        if (firstProblem == null && secondProblem == null) {
            throw new IllegalArgumentException("a failed pair needs the problem of at least one photo");
        }
        return new PairOutcome(index, pair, Double.NaN, new double[0], firstProblem, secondProblem);
    }

    public boolean failed() {
        return firstProblem != null || secondProblem != null;
    }

    @Override
    public double[] memberDistances() {
        return memberDistances.clone();
    }
}
