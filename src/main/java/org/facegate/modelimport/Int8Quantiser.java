package org.facegate.modelimport;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facegate.modelimport.onnx.OnnxProto.AttributeProto;
import org.facegate.modelimport.onnx.OnnxProto.GraphProto;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;
import org.facegate.modelimport.onnx.OnnxProto.NodeProto;
import org.facegate.modelimport.onnx.OnnxProto.OperatorSetIdProto;
import org.facegate.modelimport.onnx.OnnxProto.TensorProto;
import org.facegate.modelimport.onnx.OnnxProto.ValueInfoProto;

/**
 * Static int8 quantisation of an fp32 ONNX graph in the QDQ form (QuantizeLinear / DequantizeLinear pairs around
 * float operators), which ONNX Runtime's CPU provider turns into its integer kernels (QLinearConv, QLinearAdd, ...)
 * when it optimises the session:
 * <ul>
 * <li>Conv weights: int8, symmetric, one scale per output channel; biases: int32 at scale input x weight scale
 *     (what the integer kernels accumulate in).</li>
 * <li>Activations: uint8 with a zero point, one scale per tensor, from the ranges measured on real faces
 *     ({@link ActivationRanges}). Every float activation is quantised except the graph outputs; tensors that
 *     only move values (MaxPool, Pad, Flatten, Reshape) take their input's parameters so that ONNX Runtime can drop
 *     the pair around them.</li>
 * <li>A Relu right after a Conv or Add is folded into the quantisation of its input: the uint8 range of a Relu
 *     output starts at 0 (zero point 0), so the QuantizeLinear clamps negatives exactly as the Relu did.</li>
 * <li>MatMul and Gemm (the small fully connected heads) stay fp32.</li>
 * </ul>
 * Nodes the table names in {@link ActivationRanges#floatNodes()} stay fp32. The opset is raised to 13 where lower
 * (per-axis DequantizeLinear).
 */
public final class Int8Quantiser {

    /** Lowest default-domain opset with per-axis QuantizeLinear / DequantizeLinear. */
    static final long MIN_OPSET = 13;

    /** Operators whose output takes its (first) input's quantisation parameters. */
    private static final Set<String> VALUE_MOVERS = Set.of("MaxPool", "Pad", "Flatten", "Reshape", "Identity");
    /** Operators whose data input a Relu may be folded into. */
    private static final Set<String> RELU_FOLDABLE = Set.of("Conv", "Add");

    private Int8Quantiser() {
    }

    /**
     * The activation tensors of {@code fp32} whose ranges {@link #quantise} needs: every float value computed by a
     * node and the graph's inputs, except the graph's outputs.
     */
    public static List<String> activations(ModelProto fp32) {
        GraphProto g = fp32.getGraph();
        Set<String> outputs = new HashSet<>();
        g.getOutputList().forEach(v -> outputs.add(v.getName()));
        Set<String> initializers = initializerNames(g);
        Set<String> names = new LinkedHashSet<>();
        g.getInputList().forEach(v -> {
            if (!initializers.contains(v.getName())) {
                names.add(v.getName());
            }
        });
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Shape") || n.getOpType().equals("Constant")) {
                continue;
            }
            for (String o : n.getOutputList()) {
                if (!outputs.contains(o)) {
                    names.add(o);
                }
            }
        }
        return new ArrayList<>(names);
    }

    /**
     * The QDQ int8 graph of {@code fp32}.
     * @throws IllegalArgumentException when a range is missing for an activation, or a Conv's weight is not an
     *         initializer
     */
    public static ModelProto quantise(ModelProto fp32, ActivationRanges ranges) {
        return quantise(fp32, ranges, Set.copyOf(ranges.floatNodes()));
    }

    /**
     * The QDQ int8 graph of {@code fp32} with the nodes whose first output is in {@code floatNodes} left in fp32
     * (their weights stay float; a tensor is quantised when a quantised node computes or reads it).
     */
    public static ModelProto quantise(ModelProto fp32, ActivationRanges ranges, Set<String> floatNodes) {
        GraphProto g = fp32.getGraph();
        Map<String, TensorProto> initializers = new HashMap<>();
        g.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        Set<String> graphOutputs = new HashSet<>();
        g.getOutputList().forEach(v -> graphOutputs.add(v.getName()));

        List<NodeProto> nodes = foldRelus(g.getNodeList(), graphOutputs, floatNodes);
        Map<String, QuantParams> params = activationParams(g, nodes, initializers, graphOutputs, ranges, floatNodes);

        GraphProto.Builder out = g.toBuilder().clearNode().clearInitializer();
        List<TensorProto> newInitializers = new ArrayList<>();
        Set<String> replacedWeights = new HashSet<>();
        for (String input : inputNames(g, initializers.keySet())) {
            if (params.containsKey(input)) {
                out.addAllNode(qdq(input, params.get(input), newInitializers));
            }
        }
        for (NodeProto n : nodes) {
            NodeProto.Builder b = n.toBuilder();
            for (int i = 0; i < b.getInputCount(); i++) {
                String in = b.getInput(i);
                if (params.containsKey(in)) {
                    b.setInput(i, dequantisedName(in));
                }
            }
            if (n.getOpType().equals("Conv") && !floatNodes.contains(n.getOutput(0))) {
                String x = n.getInput(0);
                QuantParams xp = params.get(x);
                if (xp == null) {
                    throw new IllegalArgumentException("Conv " + n.getName() + ": its input " + x + " is not quantised");
                }
                TensorProto w = initializers.get(n.getInput(1));
                if (w == null) {
                    throw new IllegalArgumentException("Conv " + n.getName() + ": weight " + n.getInput(1)
                            + " is not an initializer");
                }
                float[] weightScales = new float[(int) w.getDims(0)];
                out.addNode(weight(w, weightScales, newInitializers));
                b.setInput(1, dequantisedName(w.getName()));
                replacedWeights.add(w.getName());
                if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
                    TensorProto bias = initializers.get(n.getInput(2));
                    out.addNode(bias(bias, xp.scale, weightScales, newInitializers));
                    b.setInput(2, dequantisedName(bias.getName()));
                    replacedWeights.add(bias.getName());
                }
            }
            out.addNode(b);
            for (String o : n.getOutputList()) {
                if (params.containsKey(o)) {
                    out.addAllNode(qdq(o, params.get(o), newInitializers));
                }
            }
        }
        for (TensorProto t : g.getInitializerList()) {
            if (!replacedWeights.contains(t.getName()) || usedUnquantised(t.getName(), nodes)) {
                out.addInitializer(t);
            }
        }
        out.addAllInitializer(newInitializers);
        List<ValueInfoProto> keep = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!replacedWeights.contains(v.getName())) {
                keep.add(v);
            }
        }
        out.clearInput().addAllInput(keep);
        out.clearValueInfo();

        ModelProto.Builder m = fp32.toBuilder().setGraph(out);
        m.setIrVersion(Math.max(fp32.getIrVersion(), OnnxGraph.IR_VERSION));
        m.clearOpsetImport();
        boolean hasDefault = false;
        for (OperatorSetIdProto op : fp32.getOpsetImportList()) {
            if (op.getDomain().isEmpty()) {
                hasDefault = true;
                m.addOpsetImport(op.toBuilder().setVersion(Math.max(op.getVersion(), MIN_OPSET)));
            } else {
                m.addOpsetImport(op);
            }
        }
        if (!hasDefault) {
            m.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(MIN_OPSET));
        }
        return m.build();
    }

    /** uint8 scale and zero point of one activation. */
    record QuantParams(float scale, int zeroPoint) {

        /** The uint8 parameters covering {@code [min, max]}, widened to include 0 (so that 0 is exact). */
        static QuantParams of(ActivationRanges.Range r) {
            double lo = Math.min(0, r.min());
            double hi = Math.max(0, r.max());
            if (hi - lo < 1e-12) {
                return new QuantParams(1f, 0);
            }
            double scale = (hi - lo) / 255.0;
            int zp = (int) Math.round(-lo / scale);
            return new QuantParams((float) scale, Math.max(0, Math.min(255, zp)));
        }
    }

    private static List<NodeProto> foldRelus(List<NodeProto> nodes, Set<String> graphOutputs, Set<String> floatNodes) {
        Map<String, Integer> consumers = new HashMap<>();
        Map<String, NodeProto> producer = new HashMap<>();
        for (NodeProto n : nodes) {
            n.getInputList().forEach(i -> consumers.merge(i, 1, Integer::sum));
            n.getOutputList().forEach(o -> producer.put(o, n));
        }
        Map<String, String> renameOutput = new HashMap<>();
        Set<NodeProto> dropped = new HashSet<>();
        for (NodeProto n : nodes) {
            if (!n.getOpType().equals("Relu")) {
                continue;
            }
            String x = n.getInput(0);
            NodeProto p = producer.get(x);
            if (p != null && RELU_FOLDABLE.contains(p.getOpType()) && consumers.getOrDefault(x, 0) == 1
                    && !floatNodes.contains(x) && !floatNodes.contains(n.getOutput(0))
                    && !graphOutputs.contains(x) && !graphOutputs.contains(n.getOutput(0))) {
                renameOutput.put(x, n.getOutput(0));
                dropped.add(n);
            }
        }
        List<NodeProto> out = new ArrayList<>();
        for (NodeProto n : nodes) {
            if (dropped.contains(n)) {
                continue;
            }
            NodeProto.Builder b = n.toBuilder();
            for (int i = 0; i < b.getOutputCount(); i++) {
                String renamed = renameOutput.get(b.getOutput(i));
                if (renamed != null) {
                    b.setOutput(i, renamed);
                }
            }
            out.add(b.build());
        }
        return out;
    }

    private static Map<String, QuantParams> activationParams(GraphProto g, List<NodeProto> nodes,
            Map<String, TensorProto> initializers, Set<String> graphOutputs, ActivationRanges ranges,
            Set<String> floatNodes) {
        Set<String> readByQuantised = new HashSet<>();
        for (NodeProto n : nodes) {
            if (!floatNodes.contains(n.getOutput(0))) {
                readByQuantised.addAll(n.getInputList());
            }
        }
        Set<String> floatValues = new LinkedHashSet<>(inputNames(g, initializers.keySet()));
        Set<String> nonFloat = new HashSet<>();
        for (NodeProto n : nodes) {
            if (n.getOpType().equals("Shape") || n.getOpType().equals("Constant")) {
                nonFloat.addAll(n.getOutputList());
            }
        }
        Map<String, QuantParams> params = new HashMap<>();
        for (String in : floatValues) {
            if (readByQuantised.contains(in)) {
                params.put(in, QuantParams.of(ranges.require(in)));
            }
        }
        for (NodeProto n : nodes) {
            boolean quantisedNode = !floatNodes.contains(n.getOutput(0));
            for (String o : n.getOutputList()) {
                if (graphOutputs.contains(o) || nonFloat.contains(o) || n.getInputList().stream().anyMatch(nonFloat::contains)
                        || !(quantisedNode || readByQuantised.contains(o))) {
                    continue;
                }
                String first = n.getInputCount() > 0 ? n.getInput(0) : null;
                if (VALUE_MOVERS.contains(n.getOpType()) && first != null && params.containsKey(first)) {
                    params.put(o, params.get(first));
                } else {
                    params.put(o, QuantParams.of(ranges.require(o)));
                }
            }
        }
        return params;
    }

    private static List<String> inputNames(GraphProto g, Set<String> initializers) {
        List<String> names = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!initializers.contains(v.getName())) {
                names.add(v.getName());
            }
        }
        return names;
    }

    private static Set<String> initializerNames(GraphProto g) {
        Set<String> names = new HashSet<>();
        g.getInitializerList().forEach(t -> names.add(t.getName()));
        return names;
    }

    private static boolean usedUnquantised(String name, List<NodeProto> nodes) {
        for (NodeProto n : nodes) {
            for (int i = 0; i < n.getInputCount(); i++) {
                if (n.getInput(i).equals(name) && !(n.getOpType().equals("Conv") && i >= 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    static String dequantisedName(String tensor) {
        return tensor + "_dq";
    }

    private static List<NodeProto> qdq(String tensor, QuantParams p, List<TensorProto> inits) {
        String scale = tensor + "_scale";
        String zero = tensor + "_zero_point";
        inits.add(scalarFloat(scale, p.scale));
        inits.add(TensorProto.newBuilder().setName(zero).setDataType(TensorProto.DataType.UINT8.getNumber())
                .setRawData(ByteString.copyFrom(new byte[] {(byte) p.zeroPoint})).build());
        String q = tensor + "_q";
        return List.of(
                NodeProto.newBuilder().setOpType("QuantizeLinear").setName(q + "_node")
                        .addInput(tensor).addInput(scale).addInput(zero).addOutput(q).build(),
                NodeProto.newBuilder().setOpType("DequantizeLinear").setName(dequantisedName(tensor) + "_node")
                        .addInput(q).addInput(scale).addInput(zero).addOutput(dequantisedName(tensor)).build());
    }

    /** int8 symmetric weights, one scale per output channel (axis 0); fills {@code scales}. */
    private static NodeProto weight(TensorProto w, float[] scales, List<TensorProto> inits) {
        float[] values = floats(w);
        int channels = scales.length;
        int per = values.length / channels;
        byte[] q = new byte[values.length];
        for (int c = 0; c < channels; c++) {
            float max = 0;
            for (int i = c * per; i < (c + 1) * per; i++) {
                max = Math.max(max, Math.abs(values[i]));
            }
            scales[c] = max > 0 ? max / 127f : 1f;
            for (int i = c * per; i < (c + 1) * per; i++) {
                q[i] = (byte) Math.max(-127, Math.min(127, Math.round(values[i] / scales[c])));
            }
        }
        String name = w.getName();
        inits.add(TensorProto.newBuilder().setName(name + "_int8").setDataType(TensorProto.DataType.INT8.getNumber())
                .addAllDims(w.getDimsList()).setRawData(ByteString.copyFrom(q)).build());
        inits.add(floatVector(name + "_scale", scales));
        inits.add(TensorProto.newBuilder().setName(name + "_zero_point").setDataType(TensorProto.DataType.INT8.getNumber())
                .addDims(channels).setRawData(ByteString.copyFrom(new byte[channels])).build());
        return dequantise(name, name + "_int8");
    }

    /** int32 bias at scale input scale x weight scale of its channel, zero point 0. */
    private static NodeProto bias(TensorProto b, float inputScale, float[] weightScales, List<TensorProto> inits) {
        float[] values = floats(b);
        float[] scales = new float[values.length];
        ByteBuffer q = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < values.length; c++) {
            scales[c] = inputScale * weightScales[c];
            long v = Math.round(values[c] / (double) scales[c]);
            q.putInt((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v)));
        }
        String name = b.getName();
        inits.add(TensorProto.newBuilder().setName(name + "_int32").setDataType(TensorProto.DataType.INT32.getNumber())
                .addDims(values.length).setRawData(ByteString.copyFrom(q.array())).build());
        inits.add(floatVector(name + "_scale", scales));
        inits.add(TensorProto.newBuilder().setName(name + "_zero_point").setDataType(TensorProto.DataType.INT32.getNumber())
                .addDims(values.length).setRawData(ByteString.copyFrom(new byte[values.length * 4])).build());
        return dequantise(name, name + "_int32");
    }

    private static NodeProto dequantise(String name, String quantised) {
        return NodeProto.newBuilder().setOpType("DequantizeLinear").setName(dequantisedName(name) + "_node")
                .addInput(quantised).addInput(name + "_scale").addInput(name + "_zero_point")
                .addOutput(dequantisedName(name))
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(0))
                .build();
    }

    static float[] floats(TensorProto t) {
        if (t.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
            throw new IllegalArgumentException(t.getName() + " is not float");
        }
        if (!t.getRawData().isEmpty()) {
            FloatBuffer fb = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] v = new float[fb.remaining()];
            fb.get(v);
            return v;
        }
        float[] v = new float[t.getFloatDataCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.getFloatData(i);
        }
        return v;
    }

    private static TensorProto scalarFloat(String name, float v) {
        ByteBuffer raw = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v);
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(raw.array())).build();
    }

    private static TensorProto floatVector(String name, float[] v) {
        ByteBuffer raw = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(v);
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addDims(v.length).setRawData(ByteString.copyFrom(raw.array())).build();
    }
}
