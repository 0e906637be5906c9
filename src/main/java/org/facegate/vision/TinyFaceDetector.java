package org.facegate.vision;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.facegate.inference.DirectBuffers;
import org.facegate.inference.OnnxModel;

/**
 * Finds faces with face-api's tiny face detector (converted to ONNX): the photo is padded bottom/right to a
 * square and resized to {@code inputSize} (a multiple of 32), the network predicts for each cell of the
 * {@code inputSize/32} grid and each of 5 anchors a box and an objectness score; boxes with
 * {@code sigmoid(objectness) > scoreThreshold} survive greedy non-maximum suppression at IoU 0.4.
 */
public final class TinyFaceDetector {

    private static final float[] MEAN = {117.001f, 114.697f, 97.404f};
    private static final double[][] ANCHORS = {
        {1.603231, 2.094468}, {6.041143, 7.080126}, {2.882459, 3.518061}, {4.266906, 5.178857}, {9.041765, 10.66308}};
    private static final double IOU_THRESHOLD = 0.4;

    private final OnnxModel model;
    private final DirectBuffers buffers = new DirectBuffers();

    public TinyFaceDetector(OnnxModel model) {
        this.model = model;
    }

    /** Detects faces in each image, running the network once for the whole batch. */
    public List<List<Detection>> detect(List<RgbImage> images, int inputSize, double scoreThreshold) {
        return detect(images, inputSize, scoreThreshold, 0);
    }

    /**
     * Detects faces with each image first surrounded by a zero border of {@code padFraction} of its larger
     * side on every edge: tightly framed faces (passport and LFW photos) are found far more reliably when
     * the detector sees some background around them. Boxes are returned in the original image's pixels.
     */
    public List<List<Detection>> detect(List<RgbImage> images, int inputSize, double scoreThreshold,
            double padFraction) {
        return detect(images, inputSize, scoreThreshold, padFraction, false);
    }

    /** As {@link #detect(List, int, double, double)}; with {@code replicateEdges} the border repeats the edge pixels. */
    public List<List<Detection>> detect(List<RgbImage> images, int inputSize, double scoreThreshold,
            double padFraction, boolean replicateEdges) {
        if (inputSize <= 0 || inputSize % 32 != 0) {
            throw new IllegalArgumentException("detector input size must be a positive multiple of 32: " + inputSize);
        }
        int n = images.size();
        int perImage = 3 * inputSize * inputSize;
        FloatBuffer input = buffers.floats(n * perImage);
        for (int b = 0; b < n; b++) {
            RgbImage img = images.get(b);
            int pad = padding(img, padFraction);
            Resampler.cropPadResize(img, -pad, -pad, img.width() + 2 * pad, img.height() + 2 * pad,
                    Resampler.Placement.TOP_LEFT, replicateEdges ? Resampler.Border.REPLICATE : Resampler.Border.ZERO,
                    ChipFormat.nchwRgb(inputSize, MEAN, 1f / 255f), input, b * perImage);
        }
        float[] grid = model.run(input, n, 3, inputSize, inputSize);
        int cells = inputSize / 32;
        List<List<Detection>> out = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            RgbImage img = images.get(b);
            int pad = padding(img, padFraction);
            out.add(decode(grid, b * 25 * cells * cells, cells, img.width() + 2 * pad, img.height() + 2 * pad, pad,
                    inputSize, scoreThreshold));
        }
        return out;
    }

    public List<Detection> detect(RgbImage image, int inputSize, double scoreThreshold) {
        return detect(List.of(image), inputSize, scoreThreshold).get(0);
    }

    private static int padding(RgbImage img, double padFraction) {
        return (int) Math.round(Math.max(img.width(), img.height()) * padFraction);
    }

    private static List<Detection> decode(float[] grid, int base, int cells, int w, int h, int pad, int inputSize,
            double scoreThreshold) {
        double scale = (double) inputSize / Math.max(w, h);
        // The image fills only part of the padded square: undo that, as face-api does.
        double reshapedW = Math.round(w * scale);
        double reshapedH = Math.round(h * scale);
        double side = Math.max(reshapedW, reshapedH);
        double kx = side / reshapedW;
        double ky = side / reshapedH;
        int plane = cells * cells;
        List<Detection> found = new ArrayList<>();
        for (int row = 0; row < cells; row++) {
            for (int col = 0; col < cells; col++) {
                for (int a = 0; a < ANCHORS.length; a++) {
                    int ch = base + a * 5 * plane + row * cells + col;
                    double score = sigmoid(grid[ch + 4 * plane]);
                    if (score <= scoreThreshold) {
                        continue;
                    }
                    double cx = (col + sigmoid(grid[ch])) / cells * kx;
                    double cy = (row + sigmoid(grid[ch + plane])) / cells * ky;
                    double bw = Math.exp(grid[ch + 2 * plane]) * ANCHORS[a][0] / cells * kx;
                    double bh = Math.exp(grid[ch + 3 * plane]) * ANCHORS[a][1] / cells * ky;
                    found.add(new Detection(
                            new FaceBox((cx - bw / 2) * w - pad, (cy - bh / 2) * h - pad, bw * w, bh * h), score));
                }
            }
        }
        return nonMaxSuppression(found, IOU_THRESHOLD);
    }

    /** Greedy NMS: keep the best-scoring box, drop every box overlapping a kept one by more than {@code iou}. */
    static List<Detection> nonMaxSuppression(List<Detection> detections, double iou) {
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : sorted) {
            boolean overlaps = false;
            for (Detection k : kept) {
                if (k.box().iou(d.box()) > iou) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                kept.add(d);
            }
        }
        return kept;
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
