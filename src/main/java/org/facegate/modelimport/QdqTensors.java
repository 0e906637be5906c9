package org.facegate.modelimport;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.facegate.modelimport.onnx.OnnxProto.AttributeProto;
import org.facegate.modelimport.onnx.OnnxProto.NodeProto;
import org.facegate.modelimport.onnx.OnnxProto.TensorProto;

/**
 * The tensors and nodes of the QDQ form that {@link Int8Quantiser} writes: a QuantizeLinear / DequantizeLinear pair
 * with a uint8 scale and zero point for an activation, int8 symmetric weights with one scale per output channel, and
 * int32 biases at input scale x weight scale, each dequantised to {@code NAME_dq}. New initializers go into the list
 * the caller gives. A tensor that is not float throws {@link IllegalArgumentException}.
 */
final class QdqTensors {

    private QdqTensors() {
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

    static String dequantisedName(String tensor) {
        return tensor + "_dq";
    }

    static List<NodeProto> qdq(String tensor, QuantParams p, List<TensorProto> inits) {
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
    static NodeProto weight(TensorProto w, float[] scales, List<TensorProto> inits) {
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
    static NodeProto bias(TensorProto b, float inputScale, float[] weightScales, List<TensorProto> inits) {
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
