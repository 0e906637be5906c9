package org.facegate.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToDoubleBiFunction;
import org.facegate.inference.Embedding;

/**
 * The templates of one identity, oldest first, all from the recognition model {@code modelId}. Stored per
 * documentId in the {@code templates} state store in {@link TemplateCodec}'s form. {@link #toString()} prints
 * no embeddings.
 */
public record TemplateSet(String modelId, List<Template> templates) {

    public TemplateSet {
        Objects.requireNonNull(modelId, "modelId");
        templates = List.copyOf(templates);
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("a template set holds at least one template");
        }
        int dimension = templates.get(0).embedding().dimension();
        for (Template t : templates) {
            if (t.embedding().dimension() != dimension) {
                throw new IllegalArgumentException("templates of one set must have one dimension");
            }
        }
    }

    /**
     * Adds {@code newer} after the existing templates and keeps the newest {@code limit}. Templates of another
     * model than {@code newModelId} are dropped: they cannot be compared with the new model's embeddings.
     */
    public static TemplateSet merge(TemplateSet existing, String newModelId, List<Template> newer, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        List<Template> all = new ArrayList<>();
        if (existing != null && existing.modelId.equals(newModelId)) {
            all.addAll(existing.templates);
        }
        all.addAll(newer);
        return new TemplateSet(newModelId, all.subList(Math.max(0, all.size() - limit), all.size()));
    }

    public int size() {
        return templates.size();
    }

    /** The smallest distance between {@code live} and any template; empty if dimensions differ. */
    public OptionalDouble minDistance(Embedding live, ToDoubleBiFunction<Embedding, Embedding> distance) {
        return nearest(live, distance).map(n -> OptionalDouble.of(n.distance())).orElse(OptionalDouble.empty());
    }

    /** A template and its distance from a live embedding. Biometric data: never log it. */
    public record Nearest(Template template, double distance) {
    }

    /** The template closest to {@code live} (the oldest of equals) and its distance; empty if dimensions differ. */
    public Optional<Nearest> nearest(Embedding live, ToDoubleBiFunction<Embedding, Embedding> distance) {
        if (live.dimension() != templates.get(0).embedding().dimension()) {
            return Optional.empty();
        }
        Template best = null;
        double min = Double.POSITIVE_INFINITY;
        for (Template t : templates) {
            double d = distance.applyAsDouble(live, t.embedding());
            if (best == null || d < min) {
                best = t;
                min = d;
            }
        }
        return Optional.of(new Nearest(best, min));
    }

    @Override
    public String toString() {
        return "TemplateSet[" + modelId + ", " + templates.size() + " templates]";
    }
}
