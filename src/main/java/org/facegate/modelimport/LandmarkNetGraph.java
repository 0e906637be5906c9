package org.facegate.modelimport;

import org.facegate.modelimport.TfLayers.Padding;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;

/**
 * face-api's {@code FaceLandmark68Net} as ONNX: four densely summed blocks of separable convolutions, a 7x7
 * average pool and a dense layer. Input {@code face} [batch, 3, 112, 112]: the face crop zero-padded to a
 * centred square, RGB minus mean (122.782, 117.001, 104.298), divided by 255. Output {@code landmarks}
 * [batch, 136]: (x0, y0, x1, y1, ...) relative to the padded square (0..1).
 */
final class LandmarkNetGraph {

    static final int INPUT_SIZE = 112;

    private LandmarkNetGraph() {
    }

    static ModelProto build(WeightsManifest weights) {
        OnnxGraph g = new OnnxGraph("face_landmark_68");
        TfLayers l = new TfLayers(g, weights);
        String x = g.input("face", "batch", 3, INPUT_SIZE, INPUT_SIZE);
        for (int block = 0; block < 4; block++) {
            x = denseBlock(l, x, "dense" + block, block == 0);
        }
        x = l.flatten(l.avgPool(x, 7, 2));
        x = l.dense(x, "fc/weights", "fc/bias");
        g.output(x, "landmarks", "batch", 136);
        g.metadata("facegate.preprocessing", "RGB, NCHW, centred square, (x - [122.782, 117.001, 104.298]) / 255, 112x112");
        return g.build("face-api 1.7.15 FaceLandmark68Net, converted by FaceGate");
    }

    private static String denseBlock(TfLayers l, String x, String prefix, boolean first) {
        String c0 = first
                ? l.conv(x, prefix + "/conv0/filters", prefix + "/conv0/bias", 2, Padding.SAME)
                : l.separable(x, prefix + "/conv0", 2, Padding.SAME);
        String o1 = l.relu(c0);
        String o2 = l.separable(o1, prefix + "/conv1", 1, Padding.SAME);
        String o3 = l.separable(l.relu(l.add(o1, o2)), prefix + "/conv2", 1, Padding.SAME);
        String o4 = l.separable(l.relu(l.add(o1, l.add(o2, o3))), prefix + "/conv3", 1, Padding.SAME);
        return l.relu(l.add(o1, l.add(o2, l.add(o3, o4))));
    }
}
