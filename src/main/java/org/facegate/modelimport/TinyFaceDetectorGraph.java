package org.facegate.modelimport;

import org.facegate.modelimport.TfLayers.Padding;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;

/**
 * face-api's {@code TinyFaceDetector} (Tiny-YOLOv2 style, separable convolutions, one class, five anchors)
 * as ONNX with a dynamic input size (a multiple of 32). Input {@code image} [batch, 3, S, S]: the photo
 * zero-padded bottom/right to a square and resized to S, RGB minus mean (117.001, 114.697, 97.404), divided by
 * 255. Output {@code grid} [batch, 25, S/32, S/32]: per cell and anchor a (tx, ty, tw, th, objectness) in
 * channels {@code anchor * 5 + field}, decoded by {@code org.facegate.vision.TinyFaceDetector}.
 */
final class TinyFaceDetectorGraph {

    private static final float LEAKY_SLOPE = 0.1f;

    private TinyFaceDetectorGraph() {
    }

    static ModelProto build(WeightsManifest weights) {
        OnnxGraph g = new OnnxGraph("tiny_face_detector");
        TfLayers l = new TfLayers(g, weights);
        String x = g.input("image", "batch", 3, "size", "size");
        x = l.leakyRelu(l.conv(x, "conv0/filters", "conv0/bias", 1, Padding.VALID), LEAKY_SLOPE);
        x = l.maxPool(x, 2, 2, Padding.SAME);
        for (int i = 1; i <= 5; i++) {
            // face-api pads by one on every side, then runs the separable conv with 'valid'.
            x = l.leakyRelu(l.separable(l.zeroPad(x, 0, 1, 1, 0, 1, 1), "conv" + i, 1, Padding.VALID), LEAKY_SLOPE);
            x = l.maxPool(x, 2, i < 5 ? 2 : 1, Padding.SAME);
        }
        x = l.conv(x, "conv8/filters", "conv8/bias", 1, Padding.VALID);
        g.output(x, "grid", "batch", 25, "cells", "cells");
        g.metadata("facegate.preprocessing", "RGB, NCHW, pad bottom/right to square, (x - [117.001, 114.697, 97.404]) / 255");
        return g.build("face-api 1.7.15 TinyFaceDetector, converted by FaceGate");
    }
}
