package org.facegate.modelimport;

import java.util.Arrays;

/**
 * One dequantised weight tensor from a TF.js weights manifest: float values in row-major order of
 * {@code shape} (conv filters HWIO, depthwise filters [kh, kw, C, 1], dense matrices [in, out]).
 */
record WeightTensor(String name, int[] shape, float[] values) {

    WeightTensor {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + values.length);
        }
    }

    int dim(int i) {
        return shape[i];
    }

    /** HWIO [kh, kw, in, out] to ONNX's OIHW [out, in, kh, kw]. */
    float[] hwioToOihw() {
        requireRank(4);
        int kh = shape[0], kw = shape[1], in = shape[2], out = shape[3];
        float[] r = new float[values.length];
        for (int h = 0; h < kh; h++) {
            for (int w = 0; w < kw; w++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        r[((o * in + i) * kh + h) * kw + w] = values[((h * kw + w) * in + i) * out + o];
                    }
                }
            }
        }
        return r;
    }

    /** Depthwise [kh, kw, C, 1] to ONNX grouped-conv weights [C, 1, kh, kw]. */
    float[] depthwiseToOihw() {
        requireRank(4);
        if (shape[3] != 1) {
            throw new IllegalArgumentException(name + ": depthwise multiplier " + shape[3] + " is not supported");
        }
        int kh = shape[0], kw = shape[1], c = shape[2];
        float[] r = new float[values.length];
        for (int h = 0; h < kh; h++) {
            for (int w = 0; w < kw; w++) {
                for (int ch = 0; ch < c; ch++) {
                    r[(ch * kh + h) * kw + w] = values[(h * kw + w) * c + ch];
                }
            }
        }
        return r;
    }

    private void requireRank(int rank) {
        if (shape.length != rank) {
            throw new IllegalArgumentException(name + ": expected rank " + rank + ", got " + Arrays.toString(shape));
        }
    }
}
