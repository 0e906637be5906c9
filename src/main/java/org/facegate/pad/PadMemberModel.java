package org.facegate.pad;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import org.facegate.inference.DirectBuffers;
import org.facegate.inference.InferenceException;
import org.facegate.inference.OnnxModel;
import org.facegate.inference.OnnxRuntime;

/**
 * One PAD model opened for scoring: cuts each face by the member's crop rule and runs the network over all faces of a
 * call in one run (one run per face for a model whose batch dimension is fixed at 1). Thread-safe: one ONNX Runtime
 * session shared by all callers, per-thread input buffers.
 */
final class PadMemberModel implements AutoCloseable {

    private final PadDescriptor.Member member;
    private final OnnxModel model;
    private final PadCrop crop;
    private final boolean onePerRun;
    private final DirectBuffers buffers = new DirectBuffers();

    private PadMemberModel(PadDescriptor.Member member, OnnxModel model) {
        this.member = member;
        this.model = model;
        this.crop = new PadCrop(member.crop(), member.normalisation());
        long[] shape = model.declaredShape(member.input());
        if (shape == null || shape.length != 4 || shape[1] != 3) {
            model.close();
            throw new InferenceException(member.onnx() + ": input '" + member.input()
                    + "' is not [batch, 3, H, W] as the PAD descriptor " + member.id() + " needs");
        }
        int size = member.crop().size();
        if (shape[2] > 0 && shape[2] != size || shape[3] > 0 && shape[3] != size) {
            model.close();
            throw new InferenceException(member.onnx() + ": input '" + member.input() + "' is " + shape[2] + "x"
                    + shape[3] + ", the PAD descriptor says " + size);
        }
        this.onePerRun = shape[0] == 1;
    }

    /**
     * Opens the member's model, its file resolved against {@code descriptorDir}.
     * @throws InferenceException when the model cannot be opened or its input is not what the member says
     */
    static PadMemberModel open(OnnxRuntime runtime, PadDescriptor.Member member, Path descriptorDir) {
        return new PadMemberModel(member, runtime.open(member.onnxPath(descriptorDir)));
    }

    PadDescriptor.Member member() {
        return member;
    }

    /** The bona fide probability of each face, in input order. */
    double[] probabilities(List<PadFace> faces) {
        return scores(faces, false);
    }

    /** The bona fide logit of each face, in input order ({@link BonaFideLogits#logit}). */
    double[] logits(List<PadFace> faces) {
        return scores(faces, true);
    }

    private double[] scores(List<PadFace> faces, boolean logit) {
        double[] scores = new double[faces.size()];
        int per = crop.floats();
        int size = member.crop().size();
        int batch = onePerRun ? 1 : Math.max(1, faces.size());
        for (int start = 0; start < faces.size(); start += batch) {
            int n = Math.min(batch, faces.size() - start);
            FloatBuffer input = buffers.floats(n * per);
            for (int k = 0; k < n; k++) {
                crop.write(faces.get(start + k), input, k * per);
            }
            float[] out = model.run(member.input(), member.output(), input, n, 3, size, size);
            int width = out.length / n;
            for (int k = 0; k < n; k++) {
                scores[start + k] = score(out, k * width, width, logit);
            }
        }
        return scores;
    }

    private double score(float[] out, int offset, int width, boolean logit) {
        try {
            return logit ? BonaFideLogits.logit(member.score(), out, offset, width)
                    : BonaFideLogits.probability(member.score(), out, offset, width);
        } catch (IllegalArgumentException e) {
            throw new InferenceException(member.onnx() + " (PAD descriptor " + member.id() + "): " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
