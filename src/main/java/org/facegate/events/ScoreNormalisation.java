package org.facegate.events;

/**
 * How a verdict's {@code distance} was normalised against a cohort (AS-norm, docs/accuracy.md): the rule, the plain
 * fused distance before normalisation, and the version of the cohort it was judged against. Present on MATCH and
 * NO_MATCH verdicts of a service with a cohort; absent without one (then {@code distance} is the plain fused
 * distance). Never biometric data: scores and a hash, no embeddings.
 *
 * @param rule          {@code as-norm}
 * @param rawDistance   the fused distance without the cohort (what a service without a cohort compares)
 * @param cohortVersion the cohort's hash, {@code sha256:} and hex digits
 */
public record ScoreNormalisation(String rule, double rawDistance, String cohortVersion) {

    public ScoreNormalisation {
        Events.requireText("normalisation.rule", rule, Events.MAX_ID_LENGTH);
        if (!Double.isFinite(rawDistance)) {
            throw new IllegalArgumentException("normalisation.rawDistance must be a finite number");
        }
        Events.requireText("normalisation.cohortVersion", cohortVersion, Events.MAX_ID_LENGTH);
    }
}
