package org.facegate.modelimport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facegate.modelimport.onnx.OnnxProto.GraphProto;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;
import org.facegate.modelimport.onnx.OnnxProto.NodeProto;
import org.facegate.modelimport.onnx.OnnxProto.TensorProto;
import org.facegate.modelimport.onnx.OnnxProto.TensorShapeProto;
import org.facegate.modelimport.onnx.OnnxProto.ValueInfoProto;

/**
 * Makes the batch dimension of an exported ONNX model dynamic when the export fixed it at 1 (as many PyTorch
 * exports do): graph inputs and outputs get the symbolic first dimension {@value #BATCH}, and every
 * {@code Reshape} whose target shape is a constant starting with 1 gets 0 there instead ("copy the input's
 * dimension"). The rewrite is refused, and the model left as it is, when something else could still tie the
 * graph to one face per run: a {@code Reshape} with a computed shape, or a shape constant that other nodes
 * read too. Refused models run one face at a time ({@link org.facegate.inference.BatchSupport}).
 */
public final class DynamicBatch {

    static final String BATCH = "batch";

    private DynamicBatch() {
    }

    /** The rewritten model, or the original with the reason it was left alone. */
    public record Result(ModelProto model, boolean dynamic, String note) {
    }

    public static Result rewrite(ModelProto model) {
        GraphProto g = model.getGraph();
        Set<String> initializerNames = new HashSet<>();
        g.getInitializerList().forEach(t -> initializerNames.add(t.getName()));
        if (!fixedAtOne(g.getInputList(), initializerNames) && !fixedAtOne(g.getOutputList(), Set.of())) {
            return new Result(model, true, "batch dimension already dynamic");
        }
        Map<String, Integer> uses = new HashMap<>();
        for (NodeProto n : g.getNodeList()) {
            n.getInputList().forEach(i -> uses.merge(i, 1, Integer::sum));
        }
        Map<String, TensorProto> initializers = new HashMap<>();
        g.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        Set<String> shapesToRewrite = new HashSet<>();
        for (NodeProto n : g.getNodeList()) {
            if (!n.getOpType().equals("Reshape")) {
                continue;
            }
            String shape = n.getInput(1);
            TensorProto t = initializers.get(shape);
            if (t == null || t.getDataType() != TensorProto.DataType.INT64_VALUE) {
                return new Result(model, false, "Reshape " + n.getName() + " has a computed shape");
            }
            long[] dims = int64s(t);
            if (dims.length > 0 && dims[0] == 1) {
                if (uses.getOrDefault(shape, 0) > 1) {
                    return new Result(model, false, "shape constant " + shape + " is read by several nodes");
                }
                shapesToRewrite.add(shape);
            }
        }
        ModelProto.Builder out = model.toBuilder();
        GraphProto.Builder gb = out.getGraphBuilder();
        for (int i = 0; i < gb.getInputCount(); i++) {
            if (!initializerNames.contains(gb.getInput(i).getName())) {
                gb.setInput(i, symbolicBatch(gb.getInput(i)));
            }
        }
        for (int i = 0; i < gb.getOutputCount(); i++) {
            gb.setOutput(i, symbolicBatch(gb.getOutput(i)));
        }
        // Intermediate shapes recorded by the exporter still say 1; ONNX Runtime infers them again.
        gb.clearValueInfo();
        for (int i = 0; i < gb.getInitializerCount(); i++) {
            TensorProto t = gb.getInitializer(i);
            if (shapesToRewrite.contains(t.getName())) {
                long[] dims = int64s(t);
                dims[0] = 0;
                ByteBuffer raw = ByteBuffer.allocate(8 * dims.length).order(ByteOrder.LITTLE_ENDIAN);
                for (long d : dims) {
                    raw.putLong(d);
                }
                gb.setInitializer(i, t.toBuilder().clearInt64Data()
                        .setRawData(com.google.protobuf.ByteString.copyFrom(raw.array())).build());
            }
        }
        return new Result(out.build(), true, "batch dimension made dynamic (" + shapesToRewrite.size()
                + " Reshape shape(s) rewritten)");
    }

    private static boolean fixedAtOne(List<ValueInfoProto> values, Set<String> skip) {
        for (ValueInfoProto v : values) {
            if (skip.contains(v.getName())) {
                continue;
            }
            TensorShapeProto s = v.getType().getTensorType().getShape();
            if (s.getDimCount() > 0 && s.getDim(0).hasDimValue() && s.getDim(0).getDimValue() == 1) {
                return true;
            }
        }
        return false;
    }

    private static ValueInfoProto symbolicBatch(ValueInfoProto v) {
        TensorShapeProto s = v.getType().getTensorType().getShape();
        if (s.getDimCount() == 0 || !s.getDim(0).hasDimValue() || s.getDim(0).getDimValue() != 1) {
            return v;
        }
        ValueInfoProto.Builder b = v.toBuilder();
        b.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().setDim(0,
                TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        return b.build();
    }

    static long[] int64s(TensorProto t) {
        if (t.getInt64DataCount() > 0) {
            return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
        }
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[raw.remaining() / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = raw.getLong();
        }
        return out;
    }
}
