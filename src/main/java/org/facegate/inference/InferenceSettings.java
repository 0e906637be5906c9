package org.facegate.inference;

/**
 * How ONNX Runtime sessions are created. {@code intraOpThreads} 0 (the default) is FaceGate's budget: one thread
 * per session, the caller's, since the callers themselves are one per core ({@link OnnxRuntime}); N &gt; 0 sets N.
 * {@code cudaDevice} selects the GPU when CUDA is used.
 */
public record InferenceSettings(ExecutionProvider provider, int intraOpThreads, int interOpThreads, int cudaDevice) {

    public static final InferenceSettings DEFAULTS = new InferenceSettings(ExecutionProvider.AUTO, 0, 1, 0);

    public InferenceSettings {
        if (intraOpThreads < 0 || interOpThreads < 0 || cudaDevice < 0) {
            throw new IllegalArgumentException("thread counts and device index must be >= 0");
        }
    }

    /** The intra-op threads a session gets: the configured number, or 1 for the default 0. */
    public int effectiveIntraOpThreads() {
        return intraOpThreads == 0 ? 1 : intraOpThreads;
    }

    public InferenceSettings withProvider(ExecutionProvider p) {
        return new InferenceSettings(p, intraOpThreads, interOpThreads, cudaDevice);
    }

    public InferenceSettings withIntraOpThreads(int n) {
        return new InferenceSettings(provider, n, interOpThreads, cudaDevice);
    }
}
