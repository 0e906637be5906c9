package org.facegate.modelimport;

import static org.facegate.modelimport.OnnxGraph.in;

import java.util.LinkedHashMap;
import java.util.Map;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;

/**
 * The MiniFASNet presentation-attack nets of Silent-Face-Anti-Spoofing (Minivision, Apache-2.0) as ONNX, built from
 * the upstream layer list (its {@code MiniFASNet.py}) and a PyTorch state dict in a {@link SafetensorsFile}:
 * MiniFASNetV2 and MiniFASNetV1SE (the same trunk with a squeeze-and-excitation block closing each residual stage),
 * for 80x80 input. Channel widths are read from the weights' shapes, so the two variants differ only in whether
 * the {@code se_module} weights are there.
 *
 * <p>Input {@code input} [batch, 3, 80, 80]: B, G, R planes, values 0-255, no mean or scale. Output {@code logits}
 * [batch, 3]: index 0 a 2D attack (paper, screen), 1 a real face, 2 a 3D attack; softmax them for probabilities.
 * Every BatchNorm (eval mode, eps 1e-5) is folded into the convolution or linear layer before it; the dropout of
 * the head is the identity at inference.
 *
 * @throws IllegalArgumentException (from {@link #build}) when a tensor the layer list needs is missing or has
 *                                  another shape
 */
final class MiniFasNetGraph {

    static final int INPUT_SIZE = 80;
    static final int CLASSES = 3;
    static final String INPUT = "input";
    static final String OUTPUT = "logits";
    /** PyTorch's BatchNorm default. */
    private static final double BN_EPS = 1e-5;
    /** Residual stages: name and number of blocks (upstream's conv_3, conv_4, conv_5). */
    private static final Map<String, Integer> STAGES = stages();

    private final OnnxGraph g;
    private final SafetensorsFile w;

    private MiniFasNetGraph(OnnxGraph graph, SafetensorsFile weights) {
        this.g = graph;
        this.w = weights;
    }

    private static Map<String, Integer> stages() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("conv_3", 4);
        m.put("conv_4", 6);
        m.put("conv_5", 2);
        return m;
    }

    /** The graph of the net whose state dict {@code weights} holds; {@code name} goes into the model's doc string. */
    static ModelProto build(SafetensorsFile weights, String name) {
        OnnxGraph g = new OnnxGraph("minifasnet");
        MiniFasNetGraph n = new MiniFasNetGraph(g, weights);
        String x = g.input(INPUT, "batch", 3, INPUT_SIZE, INPUT_SIZE);
        x = n.convBlock(x, "conv1", 2, 1, true);            // 80 -> 40
        x = n.convBlock(x, "conv2_dw", 1, 1, true);         // depthwise
        x = n.depthWise(x, "conv_23", 2, false);            // 40 -> 20
        x = n.residualStage(x, "conv_3");
        x = n.depthWise(x, "conv_34", 2, false);            // 20 -> 10
        x = n.residualStage(x, "conv_4");
        x = n.depthWise(x, "conv_45", 2, false);            // 10 -> 5
        x = n.residualStage(x, "conv_5");
        x = n.convBlock(x, "conv_6_sep", 1, 0, true);
        x = n.convBlock(x, "conv_6_dw", 1, 0, false);       // 5x5 depthwise, no padding: 5 -> 1
        x = g.node("Flatten", in(x), Map.of("axis", 1));
        x = n.linearBn(x, "linear", "bn");
        x = n.linear(x, "prob");
        g.output(x, OUTPUT, "batch", CLASSES);
        g.metadata("facegate.preprocessing", "BGR, NCHW, values 0-255 (no mean, no scale), 80x80");
        g.metadata("facegate.output", "logits [2D attack, real, 3D attack]; softmax, index 1 = real face");
        return g.build(name + " (Silent-Face-Anti-Spoofing, Minivision, Apache-2.0), converted by FaceGate");
    }

    private String residualStage(String x, String stage) {
        int blocks = STAGES.get(stage);
        for (int i = 0; i < blocks; i++) {
            x = depthWise(x, stage + ".model." + i, 1, true);
        }
        return x;
    }

    /**
     * 1x1 expand (Conv+BN+PReLU), 3x3 depthwise (Conv+BN+PReLU, stride), 1x1 project (Conv+BN); with
     * {@code residual}, the SE block where the weights have one, then the input added back.
     */
    private String depthWise(String x, String prefix, int stride, boolean residual) {
        String y = convBlock(x, prefix + ".conv", 1, 0, true);
        y = convBlock(y, prefix + ".conv_dw", stride, 1, true);
        y = convBlock(y, prefix + ".project", 1, 0, false);
        if (!residual) {
            return y;
        }
        if (w.contains(prefix + ".se_module.fc1.weight")) {
            y = squeezeExcite(y, prefix + ".se_module");
        }
        return g.node("Add", in(x, y), Map.of());
    }

    /** Global average pool, 1x1 conv + BN, ReLU, 1x1 conv + BN, sigmoid, channel-wise product with the input. */
    private String squeezeExcite(String x, String prefix) {
        String s = g.node("GlobalAveragePool", in(x), Map.of());
        s = conv(s, prefix + ".fc1.weight", prefix + ".bn1", 1, 0);
        s = g.node("Relu", in(s), Map.of());
        s = conv(s, prefix + ".fc2.weight", prefix + ".bn2", 1, 0);
        s = g.node("Sigmoid", in(s), Map.of());
        return g.node("Mul", in(x, s), Map.of());
    }

    /** Upstream's Conv_block ({@code prelu}) or Linear_block: conv without bias, BN folded in, optional PReLU. */
    private String convBlock(String x, String prefix, int stride, int pad, boolean prelu) {
        String y = conv(x, prefix + ".conv.weight", prefix + ".bn", stride, pad);
        if (!prelu) {
            return y;
        }
        float[] slope = w.floats(prefix + ".prelu.weight");
        return g.node("PRelu", in(y, g.floats(prefix + ".prelu", slope, slope.length, 1, 1)), Map.of());
    }

    /**
     * A bias-free conv (weights OIHW) followed by eval-mode BN, as one Conv: {@code W' = W * s},
     * {@code b' = beta - mean * s}, {@code s = gamma / sqrt(var + eps)}. Depthwise when the weights have one input
     * channel per group and the layer is not the first.
     */
    private String conv(String x, String weightName, String bn, int stride, int pad) {
        SafetensorsFile.Entry e = w.entry(weightName);
        int[] shape = e.intShape();
        if (shape.length != 4) {
            throw new IllegalArgumentException(weightName + ": expected OIHW, got rank " + shape.length);
        }
        int out = shape[0];
        int inPerGroup = shape[1];
        int kh = shape[2];
        int kw = shape[3];
        float[] weights = w.floats(weightName);
        Folded f = fold(bn, out);
        int perOut = weights.length / out;
        for (int o = 0; o < out; o++) {
            for (int k = 0; k < perOut; k++) {
                weights[o * perOut + k] = (float) (weights[o * perOut + k] * f.scale[o]);
            }
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("kernel_shape", new long[] {kh, kw});
        attrs.put("strides", new long[] {stride, stride});
        attrs.put("pads", new long[] {pad, pad, pad, pad});
        // Depthwise: every upstream conv with one input channel per filter except the RGB stem is grouped by channel.
        boolean depthwise = inPerGroup == 1 && out > 1;
        if (depthwise) {
            attrs.put("group", out);
        }
        String wName = g.floats(weightName, weights, out, inPerGroup, kh, kw);
        return g.node("Conv", in(x, wName, g.floats(bn + ".folded_bias", f.bias, out)), attrs);
    }

    /** upstream's {@code linear} (no bias) then the BatchNorm1d {@code bn}, as one Gemm. */
    private String linearBn(String x, String linear, String bn) {
        SafetensorsFile.Entry e = w.entry(linear + ".weight");
        int out = e.intShape()[0];
        int inputs = e.intShape()[1];
        float[] weights = w.floats(linear + ".weight");
        Folded f = fold(bn, out);
        for (int o = 0; o < out; o++) {
            for (int k = 0; k < inputs; k++) {
                weights[o * inputs + k] = (float) (weights[o * inputs + k] * f.scale[o]);
            }
        }
        return g.node("Gemm", in(x, g.floats(linear + ".weight", weights, out, inputs),
                g.floats(bn + ".folded_bias", f.bias, out)), Map.of("transB", 1));
    }

    /** A bias-free linear layer ({@code [out, in]} weights, as PyTorch stores them). */
    private String linear(String x, String linear) {
        SafetensorsFile.Entry e = w.entry(linear + ".weight");
        String wName = g.floats(linear + ".weight", w.floats(linear + ".weight"), e.intShape()[0], e.intShape()[1]);
        return g.node("Gemm", in(x, wName), Map.of("transB", 1));
    }

    private record Folded(double[] scale, float[] bias) {
    }

    private Folded fold(String bn, int channels) {
        float[] gamma = w.floats(bn + ".weight");
        float[] beta = w.floats(bn + ".bias");
        float[] mean = w.floats(bn + ".running_mean");
        float[] var = w.floats(bn + ".running_var");
        if (gamma.length != channels || beta.length != channels || mean.length != channels || var.length != channels) {
            throw new IllegalArgumentException(bn + ": BatchNorm of " + gamma.length + " channels after a layer of "
                    + channels);
        }
        double[] scale = new double[channels];
        float[] bias = new float[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = gamma[c] / Math.sqrt(var[c] + BN_EPS);
            bias[c] = (float) (beta[c] - mean[c] * scale[c]);
        }
        return new Folded(scale, bias);
    }
}
