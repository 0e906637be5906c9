package org.facegate.modelimport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * (per-axis DequantizeLinear). This class decides what is quantised and rewrites the graph; the quantised tensors
 * and their QDQ nodes are made by {@link QdqTensors}.
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
        Map<String, QdqTensors.QuantParams> params = activationParams(g, nodes, initializers, graphOutputs, ranges,
                floatNodes);

        GraphProto.Builder out = g.toBuilder().clearNode().clearInitializer();
        List<TensorProto> newInitializers = new ArrayList<>();
        Set<String> replacedWeights = new HashSet<>();
        for (String input : inputNames(g, initializers.keySet())) {
            if (params.containsKey(input)) {
                out.addAllNode(QdqTensors.qdq(input, params.get(input), newInitializers));
            }
        }
        for (NodeProto n : nodes) {
            NodeProto.Builder b = n.toBuilder();
            for (int i = 0; i < b.getInputCount(); i++) {
                String in = b.getInput(i);
                if (params.containsKey(in)) {
                    b.setInput(i, QdqTensors.dequantisedName(in));
                }
            }
            if (n.getOpType().equals("Conv") && !floatNodes.contains(n.getOutput(0))) {
                String x = n.getInput(0);
                QdqTensors.QuantParams xp = params.get(x);
                if (xp == null) {
                    throw new IllegalArgumentException("Conv " + n.getName() + ": its input " + x + " is not quantised");
                }
                TensorProto w = initializers.get(n.getInput(1));
                if (w == null) {
                    throw new IllegalArgumentException("Conv " + n.getName() + ": weight " + n.getInput(1)
                            + " is not an initializer");
                }
                float[] weightScales = new float[(int) w.getDims(0)];
                out.addNode(QdqTensors.weight(w, weightScales, newInitializers));
                b.setInput(1, QdqTensors.dequantisedName(w.getName()));
                replacedWeights.add(w.getName());
                if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
                    TensorProto bias = initializers.get(n.getInput(2));
                    out.addNode(QdqTensors.bias(bias, xp.scale(), weightScales, newInitializers));
                    b.setInput(2, QdqTensors.dequantisedName(bias.getName()));
                    replacedWeights.add(bias.getName());
                }
            }
            out.addNode(b);
            for (String o : n.getOutputList()) {
                if (params.containsKey(o)) {
                    out.addAllNode(QdqTensors.qdq(o, params.get(o), newInitializers));
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

    private static Map<String, QdqTensors.QuantParams> activationParams(GraphProto g, List<NodeProto> nodes,
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
        Map<String, QdqTensors.QuantParams> params = new HashMap<>();
        for (String in : floatValues) {
            if (readByQuantised.contains(in)) {
                params.put(in, QdqTensors.QuantParams.of(ranges.require(in)));
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
                    params.put(o, QdqTensors.QuantParams.of(ranges.require(o)));
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
}
