package org.facegate.modelimport;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facegate.modelimport.onnx.OnnxProto.AttributeProto;
import org.facegate.modelimport.onnx.OnnxProto.GraphProto;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;
import org.facegate.modelimport.onnx.OnnxProto.NodeProto;
import org.facegate.modelimport.onnx.OnnxProto.OperatorSetIdProto;
import org.facegate.modelimport.onnx.OnnxProto.StringStringEntryProto;
import org.facegate.modelimport.onnx.OnnxProto.TensorProto;
import org.facegate.modelimport.onnx.OnnxProto.TensorShapeProto;
import org.facegate.modelimport.onnx.OnnxProto.TypeProto;
import org.facegate.modelimport.onnx.OnnxProto.ValueInfoProto;

/**
 * A small builder for ONNX graphs of the standard operator set: named float inputs and outputs (a dimension is
 * either a fixed size or a symbolic name such as {@code batch}), float and int64 initializers, nodes with
 * attributes. Node outputs get unique generated names unless named explicitly.
 */
final class OnnxGraph {

    /** ONNX IR version written; ONNX Runtime 1.23/1.24 accept 3-11. */
    static final long IR_VERSION = 8;
    /** Default-domain opset; ONNX Runtime 1.23/1.24 accept 7-23. */
    static final long OPSET = 17;

    private final String name;
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private int counter;

    OnnxGraph(String name) {
        this.name = name;
        graph.setName(name);
    }

    /** Declares a float32 graph input; each dim is an Integer (fixed) or a String (symbolic, e.g. "batch"). */
    String input(String inputName, Object... dims) {
        graph.addInput(valueInfo(inputName, dims));
        return inputName;
    }

    /** Declares {@code value} as a graph output named {@code outputName} (adds an Identity when renaming). */
    void output(String value, String outputName, Object... dims) {
        if (!value.equals(outputName)) {
            node("Identity", List.of(value), Map.of(), outputName);
        }
        graph.addOutput(valueInfo(outputName, dims));
    }

    String floats(String hint, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return initializer(hint, TensorProto.DataType.FLOAT, raw, dims);
    }

    String int64s(String hint, long[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return initializer(hint, TensorProto.DataType.INT64, raw, dims);
    }

    private String initializer(String hint, TensorProto.DataType type, ByteBuffer raw, long... dims) {
        String n = unique(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(n).setDataType(type.getNumber())
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return n;
    }

    /** Adds a node and returns the name of its (single) output. */
    String node(String opType, List<String> inputs, Map<String, Object> attributes) {
        return node(opType, inputs, attributes, unique(opType.toLowerCase()));
    }

    String node(String opType, List<String> inputs, Map<String, Object> attributes, String outputName) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(outputName + "_node")
                .addAllInput(inputs).addOutput(outputName);
        // In name order: Map.of iterates in an order salted per JVM, and the same graph must be the same bytes.
        new java.util.TreeMap<>(attributes).forEach((k, v) -> n.addAttribute(attribute(k, v)));
        graph.addNode(n);
        return outputName;
    }

    void metadata(String key, String value) {
        metadata.put(key, value);
    }

    ModelProto build(String docString) {
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("facegate-modelimport")
                .setProducerVersion("1")
                .setDomain("org.facegate")
                .setModelVersion(1)
                .setDocString(docString)
                .setGraph(graph.setDocString(docString));
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    private String unique(String hint) {
        return hint.replace('/', '_') + "_" + (counter++);
    }

    private static ValueInfoProto valueInfo(String n, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Integer i) {
                dim.setDimValue(i);
            } else {
                dim.setDimParam(d.toString());
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(n).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }

    private static AttributeProto attribute(String n, Object v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(n);
        if (v instanceof Integer || v instanceof Long) {
            a.setType(AttributeProto.AttributeType.INT).setI(((Number) v).longValue());
        } else if (v instanceof Float || v instanceof Double) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) v).floatValue());
        } else if (v instanceof String s) {
            a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (v instanceof long[] ints) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long i : ints) {
                a.addInts(i);
            }
        } else {
            throw new IllegalArgumentException("unsupported attribute value for " + n + ": " + v);
        }
        return a.build();
    }

    @Override
    public String toString() {
        return "OnnxGraph[" + name + ", " + graph.getNodeCount() + " nodes]";
    }

    /** Convenience for node inputs. */
    static List<String> in(String... names) {
        return new ArrayList<>(List.of(names));
    }
}
