package org.facegate.evaluation;

import java.util.List;

/**
 * How `eval lfw` normalises scores against a cohort ({@link CohortTrials}): where the cohort comes from
 * ({@code folds} or {@code population}), the neighbours per face, which members are normalised, the most cohort
 * faces to use (a deterministic sample; 0: all) and the model id the normalised rule answers under.
 */
public record CohortPlan(String source, int k, List<String> normalisedMembers, int maxSize, String id) {

    public CohortPlan {
        CohortTrials.Source.parse(source);
        if (k < 2) {
            throw new IllegalArgumentException("the cohort rule needs k >= 2");
        }
        normalisedMembers = List.copyOf(normalisedMembers);
        if (normalisedMembers.isEmpty()) {
            throw new IllegalArgumentException("normalise at least one member");
        }
    }

    /** One line for reports: what was done. */
    public String describe() {
        return "AS-norm, k = " + k + ", members " + normalisedMembers + ", cohort "
                + (source.equals("folds") ? "per fold: the photos of the other folds" : "the population: photos of all"
                        + " folds but the claimed identity's") + (maxSize > 0 ? ", sampled to " + maxSize + " faces" : "");
    }
}
