package org.facegate.vision;

import org.facegate.inference.ModelDescriptor;

/**
 * Which decision threshold the pipeline uses: the model descriptor's calibrated default, a fixed distance, or
 * the distance that gave a target false-match rate in the descriptor's calibration table.
 */
public sealed interface DecisionThreshold {

    /** The descriptor's {@code threshold.distance}. */
    DecisionThreshold MODEL_DEFAULT = new ModelDefault();

    record ModelDefault() implements DecisionThreshold {
    }

    /**
     * A fixed threshold in the model's own units: a distance (positive) for one model, a fused score (often
     * negative) for a fusion; the pipeline checks it against its model ({@code FacePipeline}).
     */
    record Distance(double value) implements DecisionThreshold {
        public Distance {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("decision threshold must be a finite number: " + value);
            }
        }
    }

    record TargetFalseMatchRate(double rate) implements DecisionThreshold {
        public TargetFalseMatchRate {
            if (!(rate > 0 && rate < 1)) {
                throw new IllegalArgumentException("target false-match rate must be in (0, 1): " + rate);
            }
        }
    }

    /**
     * The distance for this model.
     * @throws IllegalArgumentException when a false-match rate lies outside the descriptor's calibrated range
     */
    default double resolve(ModelDescriptor.Threshold t) {
        if (this instanceof Distance d) {
            return d.value();
        }
        if (this instanceof TargetFalseMatchRate r) {
            return t.atFalseMatchRate(r.rate());
        }
        return t.distance();
    }
}
