package org.facegate.modelimport;

import static org.facegate.modelimport.OnnxGraph.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.facegate.inference.Embedding;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;
import org.facegate.modelimport.onnx.OnnxProto.NodeProto;
import org.facegate.modelimport.onnx.OnnxProto.TensorProto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quantiser on a small residual net of the shape of the recognition nets (Conv, Relu, MaxPool, Conv, Add, Relu,
 * Conv, PRelu, global pooling, MatMul head), ranges measured by {@link ActivationRangeMeter} on random inputs:
 * what it writes, and that ONNX Runtime computes nearly what the fp32 net computes from it.
 */
class Int8QuantiserTest {

    private static final int C = 8;
    private static final int SIZE = 16;
    private static ModelProto fp32;
    private static ActivationRanges ranges;
    private static List<FloatBuffer> inputs;

    @BeforeAll
    static void build() {
        Random rnd = new Random(7);
        OnnxGraph g = new OnnxGraph("residual");
        String x = g.input("x", "batch", 3, SIZE, SIZE);
        String c1 = g.node("Conv", in(x, g.floats("w1", gaussian(rnd, C * 3 * 9, 0.3), C, 3, 3, 3),
                g.floats("b1", gaussian(rnd, C, 0.1), C)), Map.of("pads", new long[] {1, 1, 1, 1}));
        String r1 = g.node("Relu", in(c1), Map.of());
        String p = g.node("MaxPool", in(r1), Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}));
        String c2 = g.node("Conv", in(p, g.floats("w2", gaussian(rnd, C * C * 9, 0.2), C, C, 3, 3),
                g.floats("b2", gaussian(rnd, C, 0.1), C)), Map.of("pads", new long[] {1, 1, 1, 1}));
        String sum = g.node("Add", in(c2, p), Map.of());
        String r2 = g.node("Relu", in(sum), Map.of());
        String c3 = g.node("Conv", in(r2, g.floats("w3", gaussian(rnd, C * C, 0.3), C, C, 1, 1),
                g.floats("b3", gaussian(rnd, C, 0.1), C)), Map.of());
        String pr = g.node("PRelu", in(c3, g.floats("slope", gaussian(rnd, C, 0.2), C, 1, 1)), Map.of());
        String pooled = g.node("GlobalAveragePool", in(pr), Map.of());
        String flat = g.node("Flatten", in(pooled), Map.of());
        String y = g.node("MatMul", in(flat, g.floats("head", gaussian(rnd, C * 4, 0.5), C, 4)), Map.of());
        g.output(y, "y", "batch", 4);
        fp32 = g.build("int8 test net");
        inputs = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            inputs.add(FloatBuffer.wrap(gaussian(rnd, 3 * SIZE * SIZE, 1)));
        }
        try (ActivationRangeMeter meter = new ActivationRangeMeter(fp32)) {
            for (FloatBuffer b : inputs) {
                meter.add(b.rewind(), 1, 3, SIZE, SIZE);
            }
            meter.startCounting();
            for (FloatBuffer b : inputs) {
                meter.add(b.rewind(), 1, 3, SIZE, SIZE);
            }
            assertEquals(12, meter.inputs(), "the counting pass does not count inputs twice");
            ranges = meter.ranges("residual.onnx", "12 random inputs", 1e-3);
        }
    }

    @Test
    void convWeightsBecomeInt8PerChannelAndReluFoldsIntoTheQuantisation() {
        ModelProto q = Int8Quantiser.quantise(fp32, ranges);
        List<String> ops = q.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
        assertFalse(ops.contains("Relu"), "a Relu after Conv/Add is folded into the uint8 range: " + ops);
        assertTrue(ops.contains("QuantizeLinear") && ops.contains("DequantizeLinear"), ops.toString());
        assertEquals(3, ops.stream().filter("Conv"::equals).count());
        for (String w : List.of("w1", "w2", "w3")) {
            assertTrue(q.getGraph().getInitializerList().stream().noneMatch(t -> t.getName().startsWith(w + "_")
                    && t.getDataType() == TensorProto.DataType.FLOAT.getNumber() && t.getDimsCount() == 4),
                    "no fp32 conv weight " + w + " left");
            TensorProto int8 = q.getGraph().getInitializerList().stream()
                    .filter(t -> t.getName().startsWith(w) && t.getName().endsWith("_int8")).findFirst().orElseThrow();
            assertEquals(TensorProto.DataType.INT8.getNumber(), int8.getDataType());
            TensorProto scales = q.getGraph().getInitializerList().stream()
                    .filter(t -> t.getName().equals(int8.getName().replace("_int8", "_scale"))).findFirst().orElseThrow();
            assertEquals(C, scales.getDims(0), "one scale per output channel");
        }
        assertTrue(q.getGraph().getInitializerList().stream().anyMatch(t -> t.getName().startsWith("head")
                && t.getDataType() == TensorProto.DataType.FLOAT.getNumber()), "the MatMul head stays fp32");
        assertTrue(q.getOpsetImport(0).getVersion() >= Int8Quantiser.MIN_OPSET);
    }

    @Test
    void onnxRuntimeRunsTheInt8GraphCloseToTheFp32One() throws Exception {
        ModelProto q = Int8Quantiser.quantise(fp32, ranges);
        double worst = 1;
        try (OrtSession f = session(fp32); OrtSession i = session(q)) {
            for (FloatBuffer b : inputs) {
                worst = Math.min(worst, 1 - new Embedding(run(f, b)).cosineDistance(new Embedding(run(i, b))));
            }
        }
        assertTrue(worst > 0.99, "cosine of fp32 and int8 outputs, worst of 12: " + worst);
    }

    @Test
    void floatNodesKeepTheirFp32Weights() {
        String secondConv = fp32.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv"))
                .skip(1).findFirst().orElseThrow().getOutput(0);
        ModelProto q = Int8Quantiser.quantise(fp32, ranges.withFloatNodes(List.of(secondConv)));
        assertTrue(q.getGraph().getInitializerList().stream().anyMatch(t -> t.getName().startsWith("w2")
                && t.getDataType() == TensorProto.DataType.FLOAT.getNumber() && t.getDimsCount() == 4),
                "the conv kept fp32 reads its float weights");
        assertTrue(q.getGraph().getInitializerList().stream().anyMatch(t -> t.getName().startsWith("w1")
                && t.getName().endsWith("_int8")));
    }

    @Test
    void aTableMeasuredOnAnotherGraphIsRefusedNamingTheTensor() {
        java.util.Map<String, ActivationRanges.Range> fewer = new java.util.HashMap<>(ranges.ranges());
        String dropped = fewer.keySet().stream().filter(k -> k.startsWith("globalaveragepool")).findFirst().orElseThrow();
        fewer.remove(dropped);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Int8Quantiser.quantise(fp32,
                new ActivationRanges("residual.onnx", "incomplete", fewer, List.of())));
        assertTrue(e.getMessage().contains(dropped), e.getMessage());
    }

    @Test
    void clippedRangesAreInsideTheSeenRangeAndTheTableRoundTrips() throws Exception {
        ActivationRanges full;
        try (ActivationRangeMeter meter = new ActivationRangeMeter(fp32)) {
            for (FloatBuffer b : inputs) {
                meter.add(b.rewind(), 1, 3, SIZE, SIZE);
            }
            full = meter.ranges("residual.onnx", "min/max", 0);
        }
        for (Map.Entry<String, ActivationRanges.Range> e : ranges.ranges().entrySet()) {
            ActivationRanges.Range seen = full.ranges().get(e.getKey());
            assertTrue(e.getValue().min() >= seen.min() - 1e-6 && e.getValue().max() <= seen.max() + 1e-3,
                    e.getKey() + ": " + e.getValue() + " outside " + seen);
        }
        assertTrue(ranges.ranges().get("x").max() < full.ranges().get("x").max(), "the input's tail was clipped");
        java.nio.file.Path f = java.nio.file.Files.createTempFile("ranges", ".json");
        try {
            ranges.withFloatNodes(List.of("n")).write(f);
            assertEquals(ranges.withFloatNodes(List.of("n")), ActivationRanges.read(f));
        } finally {
            java.nio.file.Files.delete(f);
        }
    }

    private static OrtSession session(ModelProto m) throws Exception {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(1);
        return OrtEnvironment.getEnvironment().createSession(m.toByteArray(), o);
    }

    private static float[] run(OrtSession s, FloatBuffer b) throws Exception {
        try (OnnxTensor t = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), b.rewind(),
                new long[] {1, 3, SIZE, SIZE}); OrtSession.Result r = s.run(Map.of("x", t))) {
            return ((float[][]) r.get(0).getValue())[0];
        }
    }

    private static float[] gaussian(Random rnd, int n, double sd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * sd);
        }
        return v;
    }
}
