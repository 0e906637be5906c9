package org.facegate.modelimport;

import org.facegate.modelimport.TfLayers.Padding;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;

/**
 * face-api's {@code FaceRecognitionNet} (a port of dlib's ResNet-29 metric network) as ONNX.
 * Input {@code chip} [batch, 3, 150, 150]: RGB minus mean (122.782, 117.001, 104.298), divided by 255.
 * Output {@code embedding} [batch, 128], not normalised; Euclidean distance below ~0.6 means the same person.
 */
final class RecognitionNetGraph {

    static final int INPUT_SIZE = 150;
    static final int EMBEDDING_SIZE = 128;

    private RecognitionNetGraph() {
    }

    static ModelProto build(WeightsManifest weights) {
        OnnxGraph g = new OnnxGraph("face_recognition");
        TfLayers l = new TfLayers(g, weights);
        String x = g.input("chip", "batch", 3, INPUT_SIZE, INPUT_SIZE);
        x = l.relu(l.convAffine(x, "conv32_down", 2, Padding.VALID));
        x = l.maxPool(x, 3, 2, Padding.VALID);
        x = residual(l, x, "conv32_1");
        x = residual(l, x, "conv32_2");
        x = residual(l, x, "conv32_3");
        x = residualDown(l, x, "conv64_down", 35, 32, 64);
        x = residual(l, x, "conv64_1");
        x = residual(l, x, "conv64_2");
        x = residual(l, x, "conv64_3");
        x = residualDown(l, x, "conv128_down", 17, 64, 128);
        x = residual(l, x, "conv128_1");
        x = residual(l, x, "conv128_2");
        x = residualDown(l, x, "conv256_down", 8, 128, 256);
        x = residual(l, x, "conv256_1");
        x = residual(l, x, "conv256_2");
        x = residualDown(l, x, "conv256_down_out", 4, 256, 256);
        x = l.flatten(l.globalAveragePool(x));
        x = l.dense(x, "fc", null);
        g.output(x, "embedding", "batch", EMBEDDING_SIZE);
        g.metadata("facegate.preprocessing", "RGB, NCHW, (x - [122.782, 117.001, 104.298]) / 255, 150x150");
        return g.build("face-api 1.7.15 FaceRecognitionNet (dlib ResNet-29 metric net), converted by FaceGate");
    }

    private static String residual(TfLayers l, String x, String prefix) {
        String a = l.relu(l.convAffine(x, prefix + "/conv1", 1, Padding.SAME));
        String b = l.convAffine(a, prefix + "/conv2", 1, Padding.SAME);
        return l.relu(l.add(b, x));
    }

    /**
     * Down-sampling block: main path conv 3x3 stride 2 valid then 3x3 same; skip path 2x2 average pool,
     * with zero channels appended when the main path is wider, and the main path zero-padded by one row and
     * column at the bottom/right when the pooled skip is spatially larger (sizes are fixed for 150 input).
     */
    private static String residualDown(TfLayers l, String x, String prefix, int inSide, int inChannels,
            int outChannels) {
        String a = l.relu(l.convAffine(x, prefix + "/conv1", 2, Padding.VALID));
        String b = l.convAffine(a, prefix + "/conv2", 1, Padding.SAME);
        int mainSide = (inSide - 3) / 2 + 1;
        int poolSide = inSide / 2;
        if (poolSide != mainSide) {
            b = l.zeroPad(b, 0, 0, 0, 0, poolSide - mainSide, poolSide - mainSide);
        }
        String skip = l.avgPool(x, 2, 2);
        if (outChannels != inChannels) {
            skip = l.zeroPad(skip, 0, 0, 0, outChannels - inChannels, 0, 0);
        }
        return l.relu(l.add(b, skip));
    }
}
