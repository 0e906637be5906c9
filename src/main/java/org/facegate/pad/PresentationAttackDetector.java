package org.facegate.pad;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facegate.inference.InferenceException;
import org.facegate.inference.OnnxRuntime;

/**
 * The presentation-attack detection stage: scores live faces by a {@link PadDescriptor}. A one-model descriptor's
 * score is its model's bona fide probability; a fused one's is its {@link PadDescriptor.Fusion} of the members'
 * bona fide logits. Each model runs once over all faces of a call (once per face for a model whose batch dimension
 * is fixed at 1); every session is opened once, at {@link #open}. Thread-safe: sessions shared by all callers.
 */
public final class PresentationAttackDetector implements AutoCloseable {

    private final PadDescriptor descriptor;
    private final List<PadMemberModel> models;

    private PresentationAttackDetector(PadDescriptor descriptor, List<PadMemberModel> models) {
        this.descriptor = descriptor;
        this.models = models;
    }

    /**
     * Opens the models a descriptor file names (resolved against the descriptor's folder).
     * @throws InferenceException when the descriptor or a model cannot be read or do not fit each other
     */
    public static PresentationAttackDetector open(OnnxRuntime runtime, Path descriptorFile) {
        return open(runtime, descriptorFile, Double.NaN);
    }

    /** As {@link #open(OnnxRuntime, Path)}, judged at {@code threshold} unless it is NaN (the descriptor's). */
    public static PresentationAttackDetector open(OnnxRuntime runtime, Path descriptorFile, double threshold) {
        PadDescriptor d;
        try {
            d = PadDescriptor.load(descriptorFile);
        } catch (IOException e) {
            throw new InferenceException("cannot read PAD descriptor: " + e.getMessage()
                    + " (the build writes it: `mvn -B -DskipTests package`)", e);
        }
        return open(runtime, Double.isNaN(threshold) ? d : d.withThreshold(threshold),
                descriptorFile.toAbsolutePath().getParent());
    }

    /** Opens the models of {@code descriptor}, their files resolved against {@code descriptorDir}. */
    public static PresentationAttackDetector open(OnnxRuntime runtime, PadDescriptor descriptor, Path descriptorDir) {
        List<PadMemberModel> opened = new ArrayList<>();
        try {
            for (PadDescriptor.Member m : descriptor.models()) {
                opened.add(PadMemberModel.open(runtime, m, descriptorDir));
            }
        } catch (RuntimeException e) {
            opened.forEach(PadMemberModel::close);
            throw e;
        }
        return new PresentationAttackDetector(descriptor, List.copyOf(opened));
    }

    public PadDescriptor descriptor() {
        return descriptor;
    }

    /** The id of the descriptor that judges: for a fusion, the fused descriptor's, not a member's. */
    public String modelId() {
        return descriptor.id();
    }

    /** The ids of the models this detector runs, in the column order of {@link #memberLogits}. */
    public List<String> memberIds() {
        return models.stream().map(m -> m.member().id()).toList();
    }

    /** Scores each face, in input order, each naming this descriptor's id. */
    public List<PadScore> score(List<PadFace> faces) {
        List<PadScore> out = new ArrayList<>(faces.size());
        for (double s : rawScores(faces)) {
            out.add(new PadScore(s, descriptor.threshold(), descriptor.id()));
        }
        return out;
    }

    /** The bona fide probability of each face, in input order: the model's, or the fusion of the members'. */
    public double[] rawScores(List<PadFace> faces) {
        if (!descriptor.fused()) {
            return models.get(0).probabilities(faces);
        }
        double[][] logits = memberLogits(faces);
        double[] scores = new double[faces.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = descriptor.fusion().score(logits[i]);
        }
        return scores;
    }

    /**
     * Each model's bona fide logit of each face ({@link BonaFideLogits}): {@code [face][model]}, faces in input order,
     * models in the order of {@link #memberIds()} (for a one-model descriptor, one column). What a fusion reads, so
     * its coefficients can be fitted from them.
     */
    public double[][] memberLogits(List<PadFace> faces) {
        double[][] out = new double[faces.size()][models.size()];
        if (faces.isEmpty()) {
            return out;
        }
        for (int m = 0; m < models.size(); m++) {
            double[] column = models.get(m).logits(faces);
            for (int i = 0; i < column.length; i++) {
                out[i][m] = column[i];
            }
        }
        return out;
    }

    @Override
    public void close() {
        models.forEach(PadMemberModel::close);
    }
}
