package org.facegate.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The bona fide logit a fusion reads: {@code ln(p / (1 - p))} of the model's probability, exact from a softmax however
 * saturated, finite from a probability output, and the fused score {@code sigmoid(bias + sum(w * logit))}.
 */
class BonaFideLogitsTest {

    private static final PadDescriptor.ScoreRule SOFTMAX_0 =
            new PadDescriptor.ScoreRule(PadDescriptor.ScoreRule.Kind.SOFTMAX, 0);
    private static final PadDescriptor.ScoreRule SOFTMAX_1 =
            new PadDescriptor.ScoreRule(PadDescriptor.ScoreRule.Kind.SOFTMAX, 1);
    private static final PadDescriptor.ScoreRule PROBABILITY =
            new PadDescriptor.ScoreRule(PadDescriptor.ScoreRule.Kind.PROBABILITY, 0);

    @Test
    void aSoftmaxLogitIsTheLogOddsOfItsProbability() {
        float[] out = {9f, 0.3f, -1.2f, 0.8f, 2.5f, -0.4f};
        for (int offset : new int[] {0, 3}) {
            double p = BonaFideLogits.probability(SOFTMAX_1, out, offset, 3);
            assertEquals(Math.log(p / (1 - p)), BonaFideLogits.logit(SOFTMAX_1, out, offset, 3), 1e-12);
        }
        // two classes: the logit is the difference of the two outputs
        assertEquals(2.5 - 0.8, BonaFideLogits.logit(SOFTMAX_1, new float[] {0.8f, 2.5f}, 0, 2), 1e-6);
    }

    @Test
    void aSaturatedSoftmaxStillGivesItsExactFiniteLogit() {
        float[] sure = {60f, 0f, 0f};
        assertEquals(1.0, BonaFideLogits.probability(SOFTMAX_0, sure, 0, 3), "the probability has saturated");
        assertEquals(60 - Math.log(2), BonaFideLogits.logit(SOFTMAX_0, sure, 0, 3), 1e-12);
        float[] never = {-200f, 100f, 0f};
        assertEquals(-300 - Math.log1p(Math.exp(-100)), BonaFideLogits.logit(SOFTMAX_0, never, 0, 3), 1e-9);
    }

    @Test
    void aProbabilityOutputsLogitIsLimitedToWhatAFloatCanState() {
        assertEquals(Math.log(0.8 / 0.2), BonaFideLogits.logit(PROBABILITY, new float[] {0.8f}, 0, 1), 1e-6);
        double limit = Math.log((1 - BonaFideLogits.PROBABILITY_LIMIT) / BonaFideLogits.PROBABILITY_LIMIT);
        assertEquals(limit, BonaFideLogits.ofProbability(1.0), 1e-9);
        assertEquals(-limit, BonaFideLogits.ofProbability(0.0), 1e-9);
        assertEquals(-limit, BonaFideLogits.ofProbability(1e-30), 1e-9);
        assertTrue(Double.isNaN(BonaFideLogits.ofProbability(Double.NaN)), "a broken output stays visible");
    }

    @Test
    void anIndexOutsideTheOutputOrASoftmaxOverOneValueIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BonaFideLogits.logit(SOFTMAX_1, new float[] {1f}, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> BonaFideLogits.logit(SOFTMAX_0, new float[] {1f}, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> BonaFideLogits.probability(SOFTMAX_1, new float[] {1f}, 0, 1));
    }

    @Test
    void theSigmoidNeitherOverflowsNorLosesSmallValues() {
        assertEquals(0.5, BonaFideLogits.sigmoid(0));
        assertEquals(1 / (1 + Math.exp(-3)), BonaFideLogits.sigmoid(3), 1e-15);
        assertEquals(1.0, BonaFideLogits.sigmoid(800));
        assertEquals(Math.exp(-700), BonaFideLogits.sigmoid(-700), 1e-310, "not 0 where the naive form would be");
        assertTrue(BonaFideLogits.sigmoid(-700) > 0);
    }

    @Test
    void aLogisticFusionScoresSigmoidOfBiasPlusWeightedLogits() {
        PadDescriptor.Fusion f = PadDescriptor.Fusion.logistic(-0.5, 0.75, 2.0);
        double[] logits = {1.2, -0.3};
        assertEquals(1 / (1 + Math.exp(-(-0.5 + 0.75 * 1.2 + 2.0 * -0.3))), f.score(logits), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> f.score(new double[] {1}));
    }
}
