package org.facegate.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the recognition stage runs and how it decides: one model ({@link ModelDescriptor}) or several fused into
 * one score ({@link FusionDescriptor}). An embedding of a descriptor is the concatenation of its members'
 * embeddings in member order, so one vector travels through the topology and into templates whatever the
 * descriptor is; {@link #distance} and {@link #memberDistances} take such vectors apart.
 */
public sealed interface RecognitionDescriptor permits ModelDescriptor, FusionDescriptor {

    /** Identifies the embedding space; carried in every verdict and template. */
    String id();

    /** The decision threshold on {@link #distance} and where it came from. */
    ModelDescriptor.Threshold threshold();

    /** The models whose embeddings make up this descriptor's embedding, in order. */
    List<ModelDescriptor> members();

    /** The decision distance between two embeddings of this descriptor: lower is more alike. */
    double distance(Embedding a, Embedding b);

    /** Each member model's own distance (one value for a single model). */
    default double[] memberDistances(Embedding a, Embedding b) {
        List<ModelDescriptor> ms = members();
        double[] out = new double[ms.size()];
        int offset = 0;
        for (int i = 0; i < out.length; i++) {
            ModelDescriptor m = ms.get(i);
            int dim = m.output().dimension();
            out[i] = m.metric().distance(a.slice(offset, dim), b.slice(offset, dim));
            offset += dim;
        }
        return out;
    }

    /** The embedding's length: the members' output dimensions added up. */
    default int dimension() {
        return members().stream().mapToInt(m -> m.output().dimension()).sum();
    }

    RecognitionDescriptor withThreshold(ModelDescriptor.Threshold t);

    /** The descriptor as JSON, in the form {@link #load} reads. */
    String toJson();

    /** Writes the descriptor atomically (temporary file, then rename). */
    default void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, toJson());
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a descriptor file: a fusion ({@code "kind": "fusion"}, members named by descriptor files relative to
     * its folder) or a single model.
     * @throws IllegalArgumentException naming the file and the first missing or invalid field
     */
    static RecognitionDescriptor load(Path file) throws IOException {
        String json = Files.readString(file);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root != null && FusionDescriptor.KIND.equals(root.path("kind").asText(""))) {
            try {
                return FusionDescriptor.parse(root, file.toAbsolutePath().getParent());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
        return ModelDescriptor.load(file);
    }
}
