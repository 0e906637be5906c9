package org.facegate.pad;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facegate.inference.DirectBuffers;
import org.facegate.inference.InferenceException;
import org.facegate.inference.OnnxModel;
import org.facegate.inference.OnnxRuntime;

/**
 * The presentation-attack detection stage: scores live faces with the ONNX model a {@link PadDescriptor} names, all
 * faces of a micro-batch in one network run (one at a time for a model whose batch dimension is fixed at 1).
 * Thread-safe: one ONNX Runtime session shared by all callers.
 */
public final class PresentationAttackDetector implements AutoCloseable {

    private final PadDescriptor descriptor;
    private final OnnxModel model;
    private final PadCrop crop;
    private final boolean onePerRun;
    private final DirectBuffers buffers = new DirectBuffers();

    private PresentationAttackDetector(PadDescriptor descriptor, OnnxModel model) {
        this.descriptor = descriptor;
        this.model = model;
        this.crop = new PadCrop(descriptor.crop(), descriptor.normalisation());
        long[] shape = model.declaredShape(descriptor.input());
        if (shape == null || shape.length != 4 || shape[1] != 3) {
            model.close();
            throw new InferenceException(descriptor.onnx() + ": input '" + descriptor.input()
                    + "' is not [batch, 3, H, W] as the PAD descriptor " + descriptor.id() + " needs");
        }
        if (shape[2] > 0 && shape[2] != descriptor.crop().size() || shape[3] > 0 && shape[3] != descriptor.crop().size()) {
            model.close();
            throw new InferenceException(descriptor.onnx() + ": input '" + descriptor.input() + "' is " + shape[2] + "x"
                    + shape[3] + ", the PAD descriptor says " + descriptor.crop().size());
        }
        this.onePerRun = shape[0] == 1;
    }

    /**
     * Opens the model a descriptor file names (resolved against the descriptor's folder).
     * @throws InferenceException when the descriptor or model cannot be read or do not fit each other
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

    public static PresentationAttackDetector open(OnnxRuntime runtime, PadDescriptor descriptor, Path descriptorDir) {
        return new PresentationAttackDetector(descriptor, runtime.open(descriptor.onnxPath(descriptorDir)));
    }

    public PadDescriptor descriptor() {
        return descriptor;
    }

    public String modelId() {
        return descriptor.id();
    }

    /** Scores each face, in input order. */
    public List<PadScore> score(List<PadFace> faces) {
        List<PadScore> out = new ArrayList<>(faces.size());
        for (double s : rawScores(faces)) {
            out.add(new PadScore(s, descriptor.threshold(), descriptor.id()));
        }
        return out;
    }

    /** The bona fide probability of each face, in input order. */
    public double[] rawScores(List<PadFace> faces) {
        double[] scores = new double[faces.size()];
        if (faces.isEmpty()) {
            return scores;
        }
        int per = crop.floats();
        int size = descriptor.crop().size();
        int batch = onePerRun ? 1 : faces.size();
        for (int start = 0; start < faces.size(); start += batch) {
            int n = Math.min(batch, faces.size() - start);
            FloatBuffer input = buffers.floats(n * per);
            for (int k = 0; k < n; k++) {
                crop.write(faces.get(start + k), input, k * per);
            }
            float[] out = model.run(descriptor.input(), descriptor.output(), input, n, 3, size, size);
            int width = out.length / n;
            for (int k = 0; k < n; k++) {
                scores[start + k] = bonaFide(out, k * width, width);
            }
        }
        return scores;
    }

    private double bonaFide(float[] out, int offset, int width) {
        int i = descriptor.score().bonaFideIndex();
        if (i >= width) {
            throw new InferenceException(descriptor.onnx() + ": output has " + width + " values, the PAD descriptor "
                    + "takes index " + i);
        }
        if (descriptor.score().kind() == PadDescriptor.ScoreRule.Kind.PROBABILITY) {
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

    @Override
    public void close() {
        model.close();
    }
}
