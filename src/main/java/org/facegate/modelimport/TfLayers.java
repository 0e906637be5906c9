package org.facegate.modelimport;

import static org.facegate.modelimport.OnnxGraph.in;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates the TF.js layers that face-api's networks are made of into ONNX nodes (NCHW), reading their
 * weights from a {@link WeightsManifest}. TF's {@code 'same'} padding is ONNX's {@code SAME_UPPER} (the
 * extra row/column goes to the bottom/right), {@code 'valid'} is no padding.
 */
final class TfLayers {

    enum Padding { SAME, VALID }

    private final OnnxGraph g;
    private final WeightsManifest w;

    TfLayers(OnnxGraph graph, WeightsManifest weights) {
        this.g = graph;
        this.w = weights;
    }

    OnnxGraph graph() {
        return g;
    }

    /** conv2d with HWIO filters {@code filters}, optional bias, stride, padding. */
    String conv(String x, String filters, String bias, int stride, Padding padding) {
        WeightTensor f = w.get(filters);
        return convWith(x, f.hwioToOihw(), f.dim(3), f.dim(2), f.dim(0), f.dim(1),
                bias == null ? null : w.get(bias).values(), stride, padding, 1, filters);
    }

    /**
     * conv2d + bias followed by face-api's per-channel affine "scale" layer ({@code x * weights + biases}),
     * folded into the convolution's weights and bias: {@code W' = W * s}, {@code b' = b * s + beta}.
     */
    String convAffine(String x, String prefix, int stride, Padding padding) {
        WeightTensor f = w.get(prefix + "/conv/filters");
        float[] oihw = f.hwioToOihw();
        float[] bias = w.get(prefix + "/conv/bias").values();
        float[] s = w.get(prefix + "/scale/weights").values();
        float[] beta = w.get(prefix + "/scale/biases").values();
        int out = f.dim(3);
        int perOut = oihw.length / out;
        float[] b = new float[out];
        for (int o = 0; o < out; o++) {
            for (int k = 0; k < perOut; k++) {
                oihw[o * perOut + k] *= s[o];
            }
            b[o] = bias[o] * s[o] + beta[o];
        }
        return convWith(x, oihw, out, f.dim(2), f.dim(0), f.dim(1), b, stride, padding, 1, prefix);
    }

    /** Depthwise-separable conv: depthwise 3x3 (no bias) then pointwise 1x1 with {@code prefix/bias}. */
    String separable(String x, String prefix, int stride, Padding padding) {
        WeightTensor dw = w.get(prefix + "/depthwise_filter");
        int c = dw.dim(2);
        String depth = convWith(x, dw.depthwiseToOihw(), c, 1, dw.dim(0), dw.dim(1), null, stride, padding, c,
                prefix + "/depthwise");
        return conv(depth, prefix + "/pointwise_filter", prefix + "/bias", 1, Padding.VALID);
    }

    private String convWith(String x, float[] oihw, int out, int inPerGroup, int kh, int kw, float[] bias,
            int stride, Padding padding, int group, String hint) {
        String weights = g.floats(hint + "/W", oihw, out, inPerGroup, kh, kw);
        Map<String, Object> attrs = new HashMap<>();
        attrs.put("kernel_shape", new long[] {kh, kw});
        attrs.put("strides", new long[] {stride, stride});
        attrs.put("auto_pad", padding == Padding.SAME ? "SAME_UPPER" : "VALID");
        if (group != 1) {
            attrs.put("group", group);
        }
        List<String> inputs = bias == null ? in(x, weights) : in(x, weights, g.floats(hint + "/B", bias, out));
        return g.node("Conv", inputs, attrs);
    }

    String relu(String x) {
        return g.node("Relu", in(x), Map.of());
    }

    String leakyRelu(String x, float alpha) {
        return g.node("LeakyRelu", in(x), Map.of("alpha", alpha));
    }

    String add(String a, String b) {
        return g.node("Add", in(a, b), Map.of());
    }

    String maxPool(String x, int kernel, int stride, Padding padding) {
        return g.node("MaxPool", in(x), Map.of("kernel_shape", new long[] {kernel, kernel},
                "strides", new long[] {stride, stride}, "auto_pad", padding == Padding.SAME ? "SAME_UPPER" : "VALID"));
    }

    String avgPool(String x, int kernel, int stride) {
        return g.node("AveragePool", in(x), Map.of("kernel_shape", new long[] {kernel, kernel},
                "strides", new long[] {stride, stride}, "auto_pad", "VALID"));
    }

    /** Zero padding of an NCHW tensor: {@code [c0, h0, w0, c1, h1, w1]} before (0) and after (1). */
    String zeroPad(String x, int cBefore, int hBefore, int wBefore, int cAfter, int hAfter, int wAfter) {
        String pads = g.int64s("pads", new long[] {0, cBefore, hBefore, wBefore, 0, cAfter, hAfter, wAfter}, 8);
        return g.node("Pad", in(x, pads), Map.of("mode", "constant"));
    }

    String globalAveragePool(String x) {
        return g.node("GlobalAveragePool", in(x), Map.of());
    }

    String flatten(String x) {
        return g.node("Flatten", in(x), Map.of("axis", 1));
    }

    /** {@code x @ W (+ b)} for a dense layer with weights {@code [in, out]}. */
    String dense(String x, String weights, String bias) {
        WeightTensor m = w.get(weights);
        String wName = g.floats(weights, m.values(), m.dim(0), m.dim(1));
        String y = g.node("MatMul", in(x, wName), Map.of());
        return bias == null ? y : add(y, g.floats(bias, w.get(bias).values(), m.dim(1)));
    }
}
