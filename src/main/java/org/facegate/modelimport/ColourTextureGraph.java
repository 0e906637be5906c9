package org.facegate.modelimport;

import static org.facegate.modelimport.OnnxGraph.in;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;
import org.facegate.pad.TextureModel;

/**
 * FaceGate's colour-texture PAD model as ONNX, so that it runs in ONNX Runtime with the micro-batch like every other
 * net. Input {@code face} [batch, 3, S, S], RGB 0..255. The graph converts to YCbCr (a 1x1 convolution) and HSV
 * (max, min and the hue's three sectors), then for each radius r takes the uniform 8-neighbour local binary pattern
 * of every channel: a grouped 3x3 convolution dilated by r gives neighbour minus centre, the signs weighted by
 * powers of two give the code, a 256-entry table maps it to one of 59 bins, and a scatter-add of ones over the image
 * gives the histogram (divided by the pixel count), square-rooted. {@link #features} outputs the descriptor ({@code features} [batch, F]), for training;
 * {@link #model} adds the logistic regression ({@code score} [batch, 1], the bona fide probability).
 */
public final class ColourTextureGraph {

    /** Neighbour offsets (dy, dx) in circular order, as uniform patterns need. */
    private static final int[][] NEIGHBOURS = {{-1, -1}, {-1, 0}, {-1, 1}, {0, 1}, {1, 1}, {1, 0}, {1, -1}, {0, -1}};
    private static final long CAST_FLOAT = 1;
    private static final long CAST_INT64 = 7;

    private ColourTextureGraph() {
    }

    /** The descriptor alone: output {@code features} [batch, F]. */
    public static ModelProto features(int size, int[] radii) {
        OnnxGraph g = new OnnxGraph("facegate_colour_texture_features");
        String f = descriptor(g, size, radii);
        g.output(f, "features", "batch", TextureModel.featureCount(radii));
        return g.build("FaceGate colour-texture descriptor (uniform LBP of YCbCr and HSV), for PAD training");
    }

    /** The whole model: output {@code score} [batch, 1], the probability of a bona fide presentation. */
    public static ModelProto model(TextureModel m) {
        OnnxGraph g = new OnnxGraph("facegate_colour_texture_pad");
        String f = descriptor(g, m.crop().size(), m.radii());
        int n = m.weights().length;
        float[] mean = new float[n];
        float[] inv = new float[n];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            mean[i] = (float) m.featureMean()[i];
            inv[i] = (float) (1 / m.featureScale()[i]);
            w[i] = (float) m.weights()[i];
        }
        String z = g.node("Mul", in(g.node("Sub", in(f, g.floats("feature_mean", mean, n)), Map.of()),
                g.floats("feature_inv_scale", inv, n)), Map.of());
        String logit = g.node("Add", in(g.node("MatMul", in(z, g.floats("weights", w, n, 1)), Map.of()),
                g.floats("bias", new float[] {(float) m.bias()}, 1)), Map.of());
        g.output(g.node("Sigmoid", in(logit), Map.of()), "score", "batch", 1);
        g.metadata("facegate.pad", m.id());
        return g.build("FaceGate colour-texture PAD model " + m.id() + " (uniform LBP of YCbCr and HSV, logistic"
                + " regression trained by facegate train-pad)");
    }

    private static String descriptor(OnnxGraph g, int size, int[] radii) {
        String x = g.input("face", "batch", 3, size, size);
        String channels = g.node("Concat", in(ycbcr(g, x), hsv(g, x)), Map.of("axis", 1L));
        List<String> parts = new ArrayList<>();
        long[] table = uniformBins();
        String bins = g.int64s("uniform_bins", table, 256);
        int c = TextureModel.CHANNELS.size();
        for (int r : radii) {
            int side = size - 2 * r;
            String diff = g.node("Conv", in(channels, g.floats("lbp_kernels_r" + r, neighbourKernels(c), 8L * c, 1, 3, 3)),
                    Map.of("group", (long) c, "dilations", new long[] {r, r}, "kernel_shape", new long[] {3, 3}));
            String zero = g.floats("zero", new float[] {0}, 1);
            String bits = g.node("Cast", in(g.node("GreaterOrEqual", in(diff, zero), Map.of())), Map.of("to", CAST_FLOAT));
            String code = g.node("Conv", in(bits, g.floats("lbp_powers", powers(c), c, 8, 1, 1)),
                    Map.of("group", (long) c, "kernel_shape", new long[] {1, 1}));
            String bin = g.node("Gather", in(bins, g.node("Cast", in(code), Map.of("to", CAST_INT64))), Map.of("axis", 0L));
            // The histogram of each (face, channel) row: a scatter-add of ones at the bins, far less memory traffic
            // than a one-hot tensor of every pixel's bin.
            String rows = g.node("Reshape", in(bin, g.int64s("rows_r" + r, new long[] {-1, (long) side * side}, 2)),
                    Map.of());
            String rowsShape = g.node("Shape", in(rows), Map.of());
            String ones = g.node("Add", in(g.node("ConstantOfShape", in(rowsShape), Map.of()),
                    g.floats("one_r" + r, new float[] {1}, 1)), Map.of());
            String histShape = g.node("Concat", in(g.node("Slice", in(rowsShape, g.int64s("start", new long[] {0}, 1),
                    g.int64s("end", new long[] {1}, 1)), Map.of()), g.int64s("bins", new long[] {TextureModel.BINS}, 1)),
                    Map.of("axis", 0L));
            String counts = g.node("ScatterElements", in(g.node("ConstantOfShape", in(histShape), Map.of()), rows, ones),
                    Map.of("axis", 1L, "reduction", "add"));
            String hist = g.node("Mul", in(counts, g.floats("per_pixel_r" + r, new float[] {1f / (side * side)}, 1)),
                    Map.of());
            String flat = g.node("Reshape", in(g.node("Sqrt", in(hist), Map.of()), g.int64s("per_face",
                    new long[] {-1, (long) c * TextureModel.BINS}, 2)), Map.of());
            parts.add(flat);
        }
        return parts.size() == 1 ? parts.get(0) : g.node("Concat", parts, Map.of("axis", 1L));
    }

    /** Y, Cb, Cr (ITU-R BT.601, full range, 0..255) by a 1x1 convolution. */
    private static String ycbcr(OnnxGraph g, String x) {
        float[] w = {
            0.299f, 0.587f, 0.114f,
            -0.168736f, -0.331264f, 0.5f,
            0.5f, -0.418688f, -0.081312f};
        return g.node("Conv", in(x, g.floats("ycbcr", w, 3, 3, 1, 1), g.floats("ycbcr_bias", new float[] {0, 128, 128}, 3)),
                Map.of("kernel_shape", new long[] {1, 1}));
    }

    /** H, S, V each scaled to 0..255; the hue of a grey pixel is 0. */
    private static String hsv(OnnxGraph g, String x) {
        String v = g.node("ReduceMax", in(x), Map.of("axes", new long[] {1}, "keepdims", 1L));
        String min = g.node("ReduceMin", in(x), Map.of("axes", new long[] {1}, "keepdims", 1L));
        String chroma = g.node("Sub", in(v, min), Map.of());
        String s = g.node("Mul", in(g.node("Div", in(chroma, g.node("Max", in(v, g.floats("one", new float[] {1}, 1)),
                Map.of())), Map.of()), g.floats("s_scale", new float[] {255}, 1)), Map.of());
        // g - b, b - r, r - g: the hue within the sector of the largest channel.
        float[] d = {0, 1, -1, -1, 0, 1, 1, -1, 0};
        String diffs = g.node("Conv", in(x, g.floats("hue_differences", d, 3, 3, 1, 1)), Map.of("kernel_shape", new long[] {1, 1}));
        String safe = g.node("Max", in(chroma, g.floats("epsilon", new float[] {1e-6f}, 1)), Map.of());
        String ratio = g.node("Div", in(diffs, safe), Map.of());
        String sectors = g.node("Add", in(ratio, g.floats("hue_sector", new float[] {0, 2, 4}, 1, 3, 1, 1)), Map.of());
        String hr = channel(g, sectors, 0);
        String hg = channel(g, sectors, 1);
        String hb = channel(g, sectors, 2);
        String isR = g.node("Equal", in(v, channel(g, x, 0)), Map.of());
        String isG = g.node("Equal", in(v, channel(g, x, 1)), Map.of());
        String h6 = g.node("Where", in(isR, hr, g.node("Where", in(isG, hg, hb), Map.of())), Map.of());
        String negative = g.node("Less", in(h6, g.floats("zero_h", new float[] {0}, 1)), Map.of());
        String wrapped = g.node("Where", in(negative, g.node("Add", in(h6, g.floats("six", new float[] {6}, 1)), Map.of()),
                h6), Map.of());
        String h = g.node("Mul", in(wrapped, g.floats("h_scale", new float[] {255f / 6}, 1)), Map.of());
        return g.node("Concat", in(h, s, v), Map.of("axis", 1L));
    }

    private static String channel(OnnxGraph g, String x, int c) {
        return g.node("Gather", in(x, g.int64s("channel_" + c, new long[] {c}, 1)), Map.of("axis", 1L));
    }

    /** For each channel, eight 3x3 kernels: +1 at one neighbour, -1 at the centre. */
    private static float[] neighbourKernels(int channels) {
        float[] w = new float[channels * 8 * 9];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < 8; k++) {
                int base = (c * 8 + k) * 9;
                w[base + 4] = -1;
                w[base + (NEIGHBOURS[k][0] + 1) * 3 + NEIGHBOURS[k][1] + 1] += 1;
            }
        }
        return w;
    }

    private static float[] powers(int channels) {
        float[] w = new float[channels * 8];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < 8; k++) {
                w[c * 8 + k] = 1 << k;
            }
        }
        return w;
    }

    /** Bin of each 8-bit code: the 58 uniform patterns (at most two 0/1 transitions around the circle) in code order, then 58. */
    static long[] uniformBins() {
        long[] table = new long[256];
        int next = 0;
        for (int code = 0; code < 256; code++) {
            int rotated = ((code >> 1) | ((code & 1) << 7)) & 0xff;
            table[code] = Integer.bitCount(code ^ rotated) <= 2 ? next++ : -1;
        }
        for (int code = 0; code < 256; code++) {
            if (table[code] < 0) {
                table[code] = next;
            }
        }
        return table;
    }
}
