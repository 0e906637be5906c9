package org.facegate.inference;

import java.util.List;
import java.util.Optional;

/**
 * How a live embedding of the recognition descriptor in use is compared with a template enrolled under
 * {@link #modelId}: with the descriptor's own distance and threshold when the template is of that descriptor, or,
 * for a template enrolled before a fusion became the default, with the member model that made it (its part of
 * the live embedding, its metric and its own calibrated threshold). Templates keep being answered by the model
 * that made them until the identity is re-enrolled.
 *
 * @param threshold MATCH when {@link #distance} is strictly below it
 */
public record TemplateComparison(String modelId, double threshold, RecognitionDescriptor descriptor, int offset,
        ModelDescriptor member) {

    /**
     * The comparison for templates of {@code templateModelId}, or empty when no model in {@code descriptor} made
     * them (they are then unusable: NOT_ENROLLED until re-enrolment).
     *
     * @param threshold the decision threshold configured for {@code descriptor} itself
     */
    public static Optional<TemplateComparison> of(RecognitionDescriptor descriptor, double threshold,
            String templateModelId) {
        if (descriptor.id().equals(templateModelId)) {
            return Optional.of(new TemplateComparison(descriptor.id(), threshold, descriptor, 0, null));
        }
        List<ModelDescriptor> members = descriptor.members();
        if (members.size() == 1) {
            return Optional.empty();
        }
        int offset = 0;
        for (ModelDescriptor m : members) {
            if (m.id().equals(templateModelId)) {
                return Optional.of(new TemplateComparison(m.id(), m.threshold().distance(), descriptor, offset, m));
            }
            offset += m.output().dimension();
        }
        return Optional.empty();
    }

    /** The embedding dimension a template of {@link #modelId} has. */
    public int templateDimension() {
        return member == null ? descriptor.dimension() : member.output().dimension();
    }

    /** The distance between a live embedding (of the descriptor) and a template (of {@link #modelId}). */
    public double distance(Embedding live, Embedding template) {
        return member == null ? descriptor.distance(live, template)
                : member.metric().distance(live.slice(offset, member.output().dimension()), template);
    }

    /** Each member's distance when the template is of a fusion; empty for a single model's template. */
    public double[] memberDistances(Embedding live, Embedding template) {
        return member == null && descriptor.members().size() > 1 ? descriptor.memberDistances(live, template)
                : new double[0];
    }

    /** The member model ids that {@link #memberDistances} lists. */
    public List<String> memberIds() {
        return member == null && descriptor.members().size() > 1
                ? descriptor.members().stream().map(ModelDescriptor::id).toList() : List.of();
    }
}
