package org.facegate.inference;

/** ONNX Runtime failed: a model that does not load, a device error, an input the model does not accept. */
public final class InferenceException extends RuntimeException {

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }

    public InferenceException(String message) {
        super(message);
    }
}
