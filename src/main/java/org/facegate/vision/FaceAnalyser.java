package org.facegate.vision;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.facegate.inference.Embedding;
import org.facegate.inference.TemplateComparison;

/**
 * Turns photo bytes (JPEG, PNG, JPEG 2000) into the embedding of the one face that matters. Implementations
 * are thread-safe and never throw for bad input: they return {@link FaceAnalysis.Rejected}.
 */
public interface FaceAnalyser {

    FaceAnalysis analyse(byte[] image, ImageRole role);

    /**
     * Analyses several photos; an implementation may batch the neural networks across them. The result
     * list is in the order of {@code images}.
     */
    default List<FaceAnalysis> analyseAll(List<byte[]> images, ImageRole role) {
        List<FaceAnalysis> out = new ArrayList<>(images.size());
        for (byte[] image : images) {
            out.add(analyse(image, role));
        }
        return out;
    }

    /**
     * As {@link #analyseAll(List, ImageRole)} for photos taken at the gates {@code gateIds} (same order; an entry may be
     * null): an analyser with presentation-attack detection per gate group judges each live face with its group's PAD
     * model. By default the gates are ignored.
     */
    default List<FaceAnalysis> analyseAll(List<byte[]> images, ImageRole role, List<String> gateIds) {
        return analyseAll(images, role);
    }

    /** Identifies the recognition model, e.g. {@code face-api-resnet128-sim5-flip@1.7.15}; carried in every verdict. */
    String modelId();

    /** Euclidean or cosine distance between two embeddings of this analyser's model. */
    double distance(Embedding a, Embedding b);

    /** The model's calibrated decision threshold: distance strictly below it is a MATCH. */
    double threshold();

    /** The models whose distances make up {@link #distance}: just {@link #modelId} unless it is a fusion. */
    default List<String> memberModelIds() {
        return List.of(modelId());
    }

    /** Each member model's distance, in the order of {@link #memberModelIds}. */
    default double[] memberDistances(Embedding a, Embedding b) {
        return new double[] {distance(a, b)};
    }

    /**
     * How to compare a live embedding with templates enrolled under {@code templateModelId}: this analyser's own
     * distance and threshold for its own model id; empty when it cannot compare them (another model).
     */
    default Optional<TemplateComparison> comparisonFor(String templateModelId) {
        return templateModelId.equals(modelId())
                ? Optional.of(TemplateComparison.own(modelId(), threshold(), this::distance)) : Optional.empty();
    }
}
