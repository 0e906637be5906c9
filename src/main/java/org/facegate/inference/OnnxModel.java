package org.facegate.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * One ONNX Runtime session for one model file, shared by all threads of the JVM (ONNX Runtime sessions are
 * thread-safe for {@code run}). Inputs are direct {@link FloatBuffer}s that ONNX Runtime reads without
 * copying; outputs are returned as a flat float array in row-major order.
 */
public final class OnnxModel implements AutoCloseable {

    private final String name;
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private final ExecutionProvider provider;

    OnnxModel(String name, OrtSession session, ExecutionProvider provider) throws OrtException {
        this.name = name;
        this.session = session;
        this.inputName = session.getInputNames().iterator().next();
        this.outputName = session.getOutputNames().iterator().next();
        this.provider = provider;
    }

    public String name() {
        return name;
    }

    /** CPU or CUDA: what this session actually runs on. */
    public ExecutionProvider provider() {
        return provider;
    }

    /**
     * Runs the model on {@code input} (a direct buffer, position 0, limit = product of {@code shape}).
     * @throws InferenceException when ONNX Runtime fails (a shape the model does not accept, device errors)
     */
    public float[] run(FloatBuffer input, long... shape) {
        return run(inputName, outputName, input, shape);
    }

    /**
     * Runs the model feeding input {@code input} and returning output {@code output} (for models with several
     * inputs or outputs, named in a model descriptor).
     * @throws InferenceException when ONNX Runtime fails or a name does not exist
     */
    public float[] run(String input, String output, FloatBuffer data, long... shape) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, data, shape);
                OrtSession.Result result = session.run(Map.of(input, tensor), java.util.Set.of(output))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            FloatBuffer fb = out.getFloatBuffer();
            float[] values = new float[fb.remaining()];
            fb.get(values);
            return values;
        } catch (OrtException e) {
            throw new InferenceException(name + ": " + e.getMessage(), e);
        }
    }

    String outputName() {
        return outputName;
    }

    /**
     * The declared shape of input or output {@code valueName} ({@code -1} for a symbolic dimension such as a
     * dynamic batch), or null when the model has no such value or it is not a tensor.
     */
    public long[] declaredShape(String valueName) {
        try {
            ai.onnxruntime.NodeInfo info = session.getInputInfo().get(valueName);
            if (info == null) {
                info = session.getOutputInfo().get(valueName);
            }
            return info != null && info.getInfo() instanceof ai.onnxruntime.TensorInfo t ? t.getShape() : null;
        } catch (OrtException e) {
            throw new InferenceException(name + ": " + e.getMessage(), e);
        }
    }

    /** The model's input names. */
    public java.util.Set<String> inputNames() {
        try {
            return session.getInputNames();
        } catch (RuntimeException e) {
            throw new InferenceException(name + ": " + e.getMessage(), e);
        }
    }

    /** The model's output names. */
    public java.util.Set<String> outputNames() {
        try {
            return session.getOutputNames();
        } catch (RuntimeException e) {
            throw new InferenceException(name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new InferenceException("closing " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "OnnxModel[" + name + " on " + provider + "]";
    }

    static String fileName(Path p) {
        return p.getFileName().toString();
    }
}
