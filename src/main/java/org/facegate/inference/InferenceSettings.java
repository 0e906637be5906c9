package org.facegate.inference;

/**
 * How ONNX Runtime sessions are created. {@code intraOpThreads} 0 lets ONNX Runtime choose (one per core);
 * {@code cudaDevice} selects the GPU when CUDA is used.
 */
public record InferenceSettings(ExecutionProvider provider, int intraOpThreads, int interOpThreads, int cudaDevice) {

    public static final InferenceSettings DEFAULTS = new InferenceSettings(ExecutionProvider.AUTO, 0, 1, 0);

    public InferenceSettings {
        if (intraOpThreads < 0 || interOpThreads < 0 || cudaDevice < 0) {
            throw new IllegalArgumentException("thread counts and device index must be >= 0");
        }
    }

    public InferenceSettings withProvider(ExecutionProvider p) {
        return new InferenceSettings(p, intraOpThreads, interOpThreads, cudaDevice);
    }

    public InferenceSettings withIntraOpThreads(int n) {
        return new InferenceSettings(provider, n, interOpThreads, cudaDevice);
    }
}
