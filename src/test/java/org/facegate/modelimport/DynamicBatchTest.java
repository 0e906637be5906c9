package org.facegate.modelimport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import org.facegate.modelimport.onnx.OnnxProto.GraphProto;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;
import org.facegate.modelimport.onnx.OnnxProto.NodeProto;
import org.facegate.modelimport.onnx.OnnxProto.OperatorSetIdProto;
import org.facegate.modelimport.onnx.OnnxProto.TensorProto;
import org.facegate.modelimport.onnx.OnnxProto.TensorShapeProto;
import org.facegate.modelimport.onnx.OnnxProto.TypeProto;
import org.facegate.modelimport.onnx.OnnxProto.ValueInfoProto;
import org.junit.jupiter.api.Test;

/**
 * A model exported with batch 1 (input [1,2,2], Reshape to the constant [1,-1], as PyTorch writes it) runs at
 * batch 3 after the rewrite, with the same values per item; a computed Reshape shape leaves the model alone.
 */
class DynamicBatchTest {

    @Test
    void fixedBatchModelRunsAtAnyBatchAfterTheRewrite() throws Exception {
        DynamicBatch.Result r = DynamicBatch.rewrite(reshapeModel(true));
        assertTrue(r.dynamic(), r.note());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(r.model().toByteArray(), new OrtSession.SessionOptions())) {
            float[] in = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(in), new long[] {3, 2, 2});
                    OrtSession.Result out = s.run(Map.of("x", t))) {
                float[][] y = (float[][]) out.get(0).getValue();
                assertEquals(3, y.length);
                assertArrayEquals(new float[] {5, 6, 7, 8}, y[1]);
            }
        }
    }

    @Test
    void computedReshapeShapeIsLeftAlone() {
        ModelProto m = reshapeModel(false);
        DynamicBatch.Result r = DynamicBatch.rewrite(m);
        assertFalse(r.dynamic());
        assertTrue(r.note().contains("computed shape"), r.note());
        assertEquals(m, r.model());
    }

    /** x [1,2,2] -> Reshape(x, [1,-1]) -> y [1,4]; the shape as an initializer or computed by Shape. */
    private static ModelProto reshapeModel(boolean constantShape) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("t")
                .addInput(value("x", 1, 2, 2)).addOutput(value("y", 1, 4));
        if (constantShape) {
            ByteBuffer raw = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1).putLong(-1);
            g.addInitializer(TensorProto.newBuilder().setName("shape").addDims(2)
                    .setDataType(TensorProto.DataType.INT64_VALUE)
                    .setRawData(com.google.protobuf.ByteString.copyFrom(raw.array())));
        } else {
            g.addNode(NodeProto.newBuilder().setOpType("Shape").addInput("x").addOutput("shape"));
        }
        g.addNode(NodeProto.newBuilder().setOpType("Reshape").setName("flat").addInput("x").addInput("shape")
                .addOutput("y"));
        return ModelProto.newBuilder().setIrVersion(7).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(9)).build();
    }

    private static ValueInfoProto value(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
    }
}
