package org.facegate.evaluation;

/**
 * One verification trial: its 1-based fold, whether both photos show the same person, and the distance the
 * model gave (lower = more alike). A pair that could not be scored carries an infinite distance chosen by the
 * {@link FailurePolicy}: {@code +inf} is always "different", {@code -inf} always "same".
 */
public record ScoredPair(int fold, boolean same, double distance) {

    public ScoredPair {
        if (Double.isNaN(distance)) {
            throw new IllegalArgumentException("a distance cannot be NaN");
        }
    }
}
