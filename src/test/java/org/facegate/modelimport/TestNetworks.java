package org.facegate.modelimport;

import static org.facegate.modelimport.OnnxGraph.in;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.ModelDescriptor.Alignment;
import org.facegate.inference.ModelDescriptor.AlignmentMethod;
import org.facegate.inference.ModelDescriptor.ChannelOrder;
import org.facegate.inference.ModelDescriptor.Input;
import org.facegate.inference.ModelDescriptor.Layout;
import org.facegate.inference.ModelDescriptor.Metric;
import org.facegate.inference.ModelDescriptor.Output;
import org.facegate.inference.ModelDescriptor.ReferencePoint;
import org.facegate.inference.ModelDescriptor.Threshold;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;

/**
 * Small recognition models built in the tests with {@link OnnxGraph}, each written with a descriptor, to show
 * that the pipeline runs any descriptor: 112x112 NHWC BGR input, cosine metric, a five-point similarity
 * template (our own, roughly where eyes, nose and mouth corners sit in a 112 chip).
 */
public final class TestNetworks {

    public static final int SIZE = 112;
    /** Template in chip pixels: eyes, nose tip, mouth corners. */
    public static final Map<ReferencePoint, double[]> TEMPLATE = Map.of(
            ReferencePoint.LEFT_EYE, new double[] {38, 46}, ReferencePoint.RIGHT_EYE, new double[] {74, 46},
            ReferencePoint.NOSE, new double[] {56, 66}, ReferencePoint.MOUTH_LEFT, new double[] {42, 86},
            ReferencePoint.MOUTH_RIGHT, new double[] {70, 86});
    /** Model-order (B, G, R) normalisation, deliberately different per channel. */
    public static final float[] MEAN = {100f, 110f, 120f};
    public static final float[] SCALE = {1 / 50f, 1 / 60f, 1 / 70f};

    private TestNetworks() {
    }

    /**
     * A model whose "embedding" is its input tensor, flattened ({@code [batch, 112*112*3]}): the test reads
     * exactly what the pipeline wrote. Returns the descriptor file.
     */
    public static Path probe(Path dir, boolean flipAverage) throws IOException {
        OnnxGraph g = new OnnxGraph("probe");
        String x = g.input("pixels", "batch", SIZE, SIZE, 3);
        String y = g.node("Flatten", in(x), Map.of("axis", 1));
        g.output(y, "features", "batch", SIZE * SIZE * 3);
        return write(dir, "probe" + (flipAverage ? "-flip" : ""), g.build("input probe"), SIZE * SIZE * 3,
                flipAverage, 0.5);
    }

    /**
     * A random-weight conv net (seeded): NHWC BGR 112x112 -> transpose -> 3 strided convs with ReLU -> global
     * average pool -> 64-d linear embedding; cosine metric. Not a face model: its accuracy is near chance.
     */
    public static Path randomConvNet(Path dir) throws IOException {
        Random rnd = new Random(42);
        OnnxGraph g = new OnnxGraph("random_conv");
        String x = g.input("pixels", "batch", SIZE, SIZE, 3);
        x = g.node("Transpose", in(x), Map.of("perm", new long[] {0, 3, 1, 2}));
        int[][] convs = {{3, 8, 5}, {8, 16, 3}, {16, 32, 3}};
        for (int[] c : convs) {
            int inC = c[0], outC = c[1], k = c[2];
            float[] w = new float[outC * inC * k * k];
            double std = Math.sqrt(2.0 / (inC * k * k));
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (rnd.nextGaussian() * std);
            }
            float[] b = new float[outC];
            String wn = g.floats("W", w, outC, inC, k, k);
            String bn = g.floats("B", b, outC);
            x = g.node("Conv", in(x, wn, bn), Map.of("kernel_shape", new long[] {k, k}, "strides", new long[] {2, 2},
                    "auto_pad", "SAME_UPPER"));
            x = g.node("Relu", in(x), Map.of());
        }
        x = g.node("GlobalAveragePool", in(x), Map.of());
        x = g.node("Flatten", in(x), Map.of("axis", 1));
        float[] fc = new float[32 * 64];
        for (int i = 0; i < fc.length; i++) {
            fc[i] = (float) (rnd.nextGaussian() / Math.sqrt(32));
        }
        x = g.node("MatMul", in(x, g.floats("fc", fc, 32, 64)), Map.of());
        g.output(x, "features", "batch", 64);
        return write(dir, "random-conv", g.build("random-weight test network"), 64, false, 0.05);
    }

    private static Path write(Path dir, String name, ModelProto model, int dim, boolean flip, double threshold)
            throws IOException {
        Files.createDirectories(dir);
        String onnx = name + ".onnx";
        try (OutputStream out = Files.newOutputStream(dir.resolve(onnx))) {
            model.writeTo(out);
        }
        ModelDescriptor d = new ModelDescriptor("test-" + name, onnx,
                new Input("pixels", SIZE, SIZE, Layout.NHWC, ChannelOrder.BGR, MEAN, SCALE),
                new Output("features", dim), Metric.COSINE, new Alignment(AlignmentMethod.SIMILARITY, TEMPLATE), flip,
                new Threshold(threshold, null, List.of()));
        Path file = dir.resolve(name + ".model.json");
        d.write(file);
        return file;
    }
}
