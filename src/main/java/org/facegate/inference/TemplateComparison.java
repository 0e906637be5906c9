package org.facegate.inference;

import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleBiFunction;

/**
 * How a live embedding is compared with templates enrolled under {@link #modelId}: with the recognition
 * descriptor's own distance and threshold when the templates are of that descriptor, or, for templates enrolled
 * before a fusion became the model in use, with the member model that made them (its part of the live embedding,
 * its metric, its own calibrated threshold). Templates keep being answered by the model that made them until the
 * identity is re-enrolled.
 *
 * @param threshold MATCH when the distance is strictly below it
 * @param offset    where the member's part starts in the live embedding
 * @param length    the member's part's length; 0 for the whole live embedding
 */
public record TemplateComparison(String modelId, double threshold, int offset, int length,
        ToDoubleBiFunction<Embedding, Embedding> metric) {

    /** Compares with the analyser's own distance and threshold (templates of the model in use). */
    public static TemplateComparison own(String modelId, double threshold, ToDoubleBiFunction<Embedding, Embedding> d) {
        return new TemplateComparison(modelId, threshold, 0, 0, d);
    }

    /**
     * The comparison for templates of {@code templateModelId}, or empty when no model of {@code descriptor} made
     * them (they are then unusable: NOT_ENROLLED until re-enrolment).
     *
     * @param threshold the decision threshold configured for {@code descriptor} itself
     */
    public static Optional<TemplateComparison> of(RecognitionDescriptor descriptor, double threshold,
            String templateModelId) {
        if (descriptor.id().equals(templateModelId)) {
            return Optional.of(own(descriptor.id(), threshold, descriptor::distance));
        }
        List<ModelDescriptor> members = descriptor.members();
        int offset = 0;
        for (ModelDescriptor m : members) {
            int dim = m.output().dimension();
            if (members.size() > 1 && m.id().equals(templateModelId)) {
                return Optional.of(new TemplateComparison(m.id(), m.threshold().distance(), offset, dim,
                        m.metric()::distance));
            }
            offset += dim;
        }
        return Optional.empty();
    }

    /** The part of the live embedding that meets these templates. */
    public Embedding live(Embedding live) {
        return length == 0 ? live : live.slice(offset, length);
    }

    /** The distance between {@link #live}'s result and a template. */
    public double distance(Embedding live, Embedding template) {
        return metric.applyAsDouble(live, template);
    }
}
