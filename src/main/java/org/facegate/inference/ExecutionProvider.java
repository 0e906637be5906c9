package org.facegate.inference;

/** Where ONNX Runtime runs the networks. */
public enum ExecutionProvider {
    /** CUDA when a usable NVIDIA GPU is detected, otherwise CPU (logged once). */
    AUTO,
    /** CUDA or fail at start with a clear message. */
    CUDA,
    /** CPU only. */
    CPU;

    public static ExecutionProvider parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("execution provider must be auto, cuda or cpu, not '" + text + "'");
        }
    }
}
