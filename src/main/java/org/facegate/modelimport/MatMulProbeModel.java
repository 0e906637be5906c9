package org.facegate.modelimport;

import java.util.Map;
import java.util.Random;

/**
 * A single large matrix product as an ONNX model, to measure what floating-point rate ONNX Runtime reaches
 * on this machine ("peak" for the benchmark's efficiency ratios): {@code x [n, n] @ W [n, n]}.
 */
public final class MatMulProbeModel {

    private MatMulProbeModel() {
    }

    /** The serialized model; input {@code x} [n, n], output {@code y} [n, n]; 2 n^3 operations per run. */
    public static byte[] bytes(int n) {
        OnnxGraph g = new OnnxGraph("matmul_probe");
        String x = g.input("x", n, n);
        float[] w = new float[n * n];
        Random r = new Random(1);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        String y = g.node("MatMul", OnnxGraph.in(x, g.floats("w", w, n, n)), Map.of());
        g.output(y, "y", n, n);
        return g.build("FaceGate benchmark: one " + n + "x" + n + " matrix product").toByteArray();
    }
}
