package org.facegate.modelimport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facegate.modelimport.onnx.OnnxProto.AttributeProto;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;
import org.facegate.modelimport.onnx.OnnxProto.NodeProto;
import org.facegate.modelimport.onnx.OnnxProto.TensorProto;

/**
 * Counts the floating-point operations of one inference of an ONNX model written by FaceGate's importer, by
 * propagating NCHW shapes through its operators for a given input height and width. Convolutions and matrix
 * products count 2 operations per multiply-add; element-wise operators, pooling and padding count one per
 * output element. Models with operators outside the importer's set are refused.
 */
public final class FlopCounter {

    private FlopCounter() {
    }

    /** Operations for one image of {@code height x width} (batch 1). */
    public static long count(Path onnxFile, int height, int width) throws IOException {
        ModelProto model;
        try (InputStream in = Files.newInputStream(onnxFile)) {
            model = ModelProto.parseFrom(in);
        }
        Map<String, long[]> shapes = new HashMap<>();
        Map<String, TensorProto> initializers = new HashMap<>();
        for (TensorProto t : model.getGraph().getInitializerList()) {
            initializers.put(t.getName(), t);
            shapes.put(t.getName(), t.getDimsList().stream().mapToLong(Long::longValue).toArray());
        }
        String input = model.getGraph().getInput(0).getName();
        int channels = (int) model.getGraph().getInput(0).getType().getTensorType().getShape().getDim(1).getDimValue();
        shapes.put(input, new long[] {1, channels, height, width});
        long flops = 0;
        for (NodeProto n : model.getGraph().getNodeList()) {
            long[] x = shapes.get(n.getInput(0));
            long[] y;
            switch (n.getOpType()) {
                case "Conv" -> {
                    long[] w = shapes.get(n.getInput(1));
                    long[] k = ints(n, "kernel_shape");
                    long[] s = ints(n, "strides");
                    String pad = string(n, "auto_pad");
                    long[] pads = pads(n);
                    long oh = outSize(x[2], k[0], s[0], pad, pads[0] + pads[2]);
                    long ow = outSize(x[3], k[1], s[1], pad, pads[1] + pads[3]);
                    y = new long[] {x[0], w[0], oh, ow};
                    flops += 2L * w[0] * oh * ow * w[1] * w[2] * w[3];
                }
                case "MaxPool", "AveragePool" -> {
                    long[] k = ints(n, "kernel_shape");
                    long[] s = ints(n, "strides");
                    String pad = string(n, "auto_pad");
                    long[] pads = pads(n);
                    y = new long[] {x[0], x[1], outSize(x[2], k[0], s[0], pad, pads[0] + pads[2]),
                        outSize(x[3], k[1], s[1], pad, pads[1] + pads[3])};
                    flops += product(y) * k[0] * k[1];
                }
                case "Pad" -> {
                    TensorProto p = initializers.get(n.getInput(1));
                    java.nio.LongBuffer pads = p.getRawData().asReadOnlyByteBuffer()
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer();
                    y = x.clone();
                    for (int i = 0; i < 4; i++) {
                        y[i] += pads.get(i) + pads.get(i + 4);
                    }
                }
                case "GlobalAveragePool" -> {
                    y = new long[] {x[0], x[1], 1, 1};
                    flops += product(x);
                }
                // Both flatten to [batch, rest] in the face models FaceGate reads (checked by the Gemm/MatMul after).
                case "Flatten", "Reshape" -> y = new long[] {x[0], product(x) / x[0]};
                case "Gemm" -> {
                    long[] w = shapes.get(n.getInput(1));
                    boolean transB = intAttr(n, "transB") == 1;
                    long out = transB ? w[0] : w[1];
                    y = new long[] {x[0], out};
                    flops += 2L * x[0] * w[0] * w[1];
                }
                case "BatchNormalization", "PRelu" -> {
                    y = x;
                    flops += 2 * product(y);
                }
                case "MatMul" -> {
                    long[] w = shapes.get(n.getInput(1));
                    y = new long[] {x[0], w[1]};
                    flops += 2L * x[0] * w[0] * w[1];
                }
                case "Add", "Relu", "LeakyRelu", "Identity" -> {
                    y = x.length >= shapes.getOrDefault(n.getInputCount() > 1 ? n.getInput(1) : n.getInput(0), x).length
                            ? x : shapes.get(n.getInput(1));
                    if (!n.getOpType().equals("Identity")) {
                        flops += product(y);
                    }
                }
                default -> throw new IOException("FlopCounter does not know operator " + n.getOpType());
            }
            shapes.put(n.getOutput(0), y);
        }
        return flops;
    }

    /** Output size: TF-style auto_pad (VALID or SAME_*), else explicit pads (0 when absent, as ONNX says). */
    private static long outSize(long in, long k, long s, String autoPad, long explicitPads) {
        if ("VALID".equals(autoPad)) {
            return (in - k) / s + 1;
        }
        if (autoPad.startsWith("SAME")) {
            return (in + s - 1) / s;
        }
        return (in + explicitPads - k) / s + 1;
    }

    private static long[] pads(NodeProto n) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals("pads")) {
                return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
            }
        }
        return new long[4];
    }

    private static long intAttr(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getI();
            }
        }
        return 0;
    }

    private static long product(long[] dims) {
        long p = 1;
        for (long d : dims) {
            p *= d;
        }
        return p;
    }

    private static long[] ints(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
            }
        }
        return new long[] {1, 1};
    }

    private static String string(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getS().toStringUtf8();
            }
        }
        return "NOTSET";
    }

    static List<String> supportedOperators() {
        return List.of("Conv", "MaxPool", "AveragePool", "Pad", "GlobalAveragePool", "Flatten", "MatMul", "Add",
                "Relu", "LeakyRelu", "Identity", "Reshape", "Gemm", "BatchNormalization", "PRelu");
    }
}
