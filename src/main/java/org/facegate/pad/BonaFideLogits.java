package org.facegate.pad;

/**
 * Bona fide probabilities and logits ({@code ln(p / (1 - p))}) of a PAD model's output, computed without the loss a
 * saturated probability would cause: from a softmax, the logit is {@code z[real] - logsumexp(z[others])}, exact
 * however sure the model is; a model that outputs a probability (float) cannot state it closer to 0 or 1 than
 * {@link #PROBABILITY_LIMIT}, so its logit is taken within {@code +-ln((1 - u) / u)} with {@code u} that limit
 * (about +-16.6) and never infinite. The outputs come from ONNX Runtime: a NaN in them stays NaN, and a NaN score
 * is below every threshold (an attack).
 */
public final class BonaFideLogits {

    /** The smallest distance from 0 or 1 a float32 probability near 1 can hold: 2^-24. */
    public static final double PROBABILITY_LIMIT = 0x1p-24;

    private BonaFideLogits() {
    }

    /**
     * The bona fide probability of one output vector ({@code width} values at {@code offset}) by {@code rule}.
     * @throws IllegalArgumentException when the rule's index is outside the vector
     */
    public static double probability(PadDescriptor.ScoreRule rule, float[] out, int offset, int width) {
        int i = index(rule, width);
        if (rule.kind() == PadDescriptor.ScoreRule.Kind.PROBABILITY) {
            return out[offset + i];
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < width; k++) {
            max = Math.max(max, out[offset + k]);
        }
        double sum = 0;
        for (int k = 0; k < width; k++) {
            sum += Math.exp(out[offset + k] - max);
        }
        return Math.exp(out[offset + i] - max) / sum;
    }

    /**
     * The bona fide logit of one output vector by {@code rule}: {@code z[i] - logsumexp(z[others])} for a softmax
     * (which needs two or more values), {@link #ofProbability} of the value for a probability.
     * @throws IllegalArgumentException when the index is outside the vector, or a softmax has one value
     */
    public static double logit(PadDescriptor.ScoreRule rule, float[] out, int offset, int width) {
        int i = index(rule, width);
        if (rule.kind() == PadDescriptor.ScoreRule.Kind.PROBABILITY) {
            return ofProbability(out[offset + i]);
        }
        if (width < 2) {
            throw new IllegalArgumentException("a softmax over one output is always 1: it has no bona fide logit");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < width; k++) {
            if (k != i) {
                max = Math.max(max, out[offset + k]);
            }
        }
        double sum = 0;
        for (int k = 0; k < width; k++) {
            if (k != i) {
                sum += Math.exp(out[offset + k] - max);
            }
        }
        return out[offset + i] - (max + Math.log(sum));
    }

    /** {@code ln(p / (1 - p))} of {@code p} taken within [{@link #PROBABILITY_LIMIT}, 1 - that]. */
    public static double ofProbability(double p) {
        double q = Math.max(PROBABILITY_LIMIT, Math.min(1 - PROBABILITY_LIMIT, p));
        return Math.log(q) - Math.log1p(-q);
    }

    /** {@code 1 / (1 + e^-z)}, without overflow for either sign of {@code z}. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    private static int index(PadDescriptor.ScoreRule rule, int width) {
        int i = rule.bonaFideIndex();
        if (i >= width) {
            throw new IllegalArgumentException("output has " + width + " values, the score rule takes index " + i);
        }
        return i;
    }
}
