package org.facegate.vision;

import java.nio.FloatBuffer;
import java.util.List;
import org.facegate.inference.DirectBuffers;
import org.facegate.inference.OnnxModel;

/**
 * Places the 68 landmarks on detected faces with face-api's 68-point net: the detection box, clipped to the
 * image and floored, is cut out, zero-padded to a centred square and resized to 112x112; the 136 outputs are
 * mapped back from the padded square to image pixels.
 *
 * <p>The net places its points best on a box framed as the detector frames a face (it was trained on detector
 * boxes), but a detector box is often offset or loose: {@link #landmarks(List, List, int)} runs the net again on a
 * box made from the previous pass's points, framed like the average tiny-detector box ({@link #refinedBox}).
 */
public final class FaceLandmarker {

    private static final int SIZE = 112;
    private static final float[] MEAN = {122.782f, 117.001f, 104.298f};

    /**
     * The tiny detector's box against the extent of the 68 points it yields, on 399 LFW photos (every 33rd photo,
     * centred faces): width 1.264 (sd 0.063), height 1.222 (sd 0.074) times the points' extent, centres within
     * 1 % of it. Scaled 1.12 or 1.40 instead, the second pass measured worse on LFW (docs/accuracy.md).
     */
    static final double BOX_WIDTH_PER_EXTENT = 1.264;
    static final double BOX_HEIGHT_PER_EXTENT = 1.222;

    private final OnnxModel model;
    private final DirectBuffers buffers = new DirectBuffers();

    public FaceLandmarker(OnnxModel model) {
        this.model = model;
    }

    /** Landmarks for face {@code boxes.get(i)} of {@code images.get(i)}, one network run for all. */
    public Landmarks[] landmarks(List<RgbImage> images, List<FaceBox> boxes) {
        int n = boxes.size();
        int perFace = 3 * SIZE * SIZE;
        FloatBuffer input = buffers.floats(n * perFace);
        int[][] crops = new int[n][];
        for (int i = 0; i < n; i++) {
            crops[i] = clipAndFloor(boxes.get(i), images.get(i).width(), images.get(i).height());
            int[] c = crops[i];
            Resampler.cropPadResize(images.get(i), c[0], c[1], c[2], c[3], Resampler.Placement.CENTRED, SIZE, MEAN,
                    1f / 255f, input, i * perFace);
        }
        float[] out = model.run(input, n, 3, SIZE, SIZE);
        Landmarks[] result = new Landmarks[n];
        for (int i = 0; i < n; i++) {
            FaceBox box = boxes.get(i);
            int w = crops[i][2];
            int h = crops[i][3];
            double s = (double) SIZE / Math.max(w, h);
            double padX = w < h ? Math.abs(w * s - h * s) / 2 : 0;
            double padY = h < w ? Math.abs(w * s - h * s) / 2 : 0;
            double originX = Math.max(box.x(), 0);
            double originY = Math.max(box.y(), 0);
            float[] xy = new float[136];
            for (int k = 0; k < 68; k++) {
                double relX = (out[i * 136 + 2 * k] * SIZE - padX) / (w * s);
                double relY = (out[i * 136 + 2 * k + 1] * SIZE - padY) / (h * s);
                xy[2 * k] = (float) (relX * w + originX);
                xy[2 * k + 1] = (float) (relY * h + originY);
            }
            result[i] = new Landmarks(xy);
        }
        return result;
    }

    /**
     * Landmarks after {@code passes} runs of the net: the first on {@code boxes}, each further one on the
     * {@link #refinedBox} of the previous result. One network run per pass for all faces.
     */
    public Landmarks[] landmarks(List<RgbImage> images, List<FaceBox> boxes, int passes) {
        Landmarks[] result = landmarks(images, boxes);
        for (int pass = 1; pass < passes; pass++) {
            result = landmarks(images, java.util.Arrays.stream(result).map(FaceLandmarker::refinedBox).toList());
        }
        return result;
    }

    /** A detector-like box around 68 points: their extent's centre, scaled as the tiny detector frames faces. */
    static FaceBox refinedBox(Landmarks points) {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < Landmarks.COUNT; k++) {
            x0 = Math.min(x0, points.x(k));
            x1 = Math.max(x1, points.x(k));
            y0 = Math.min(y0, points.y(k));
            y1 = Math.max(y1, points.y(k));
        }
        double w = Math.max(1, (x1 - x0) * BOX_WIDTH_PER_EXTENT);
        double h = Math.max(1, (y1 - y0) * BOX_HEIGHT_PER_EXTENT);
        return new FaceBox((x0 + x1) / 2 - w / 2, (y0 + y1) / 2 - h / 2, w, h);
    }

    /** face-api's clipAtImageBorders + floor: {x, y, width, height}, each at least 1 pixel. */
    static int[] clipAndFloor(FaceBox box, int imgW, int imgH) {
        double x = Math.max(box.x(), 0);
        double y = Math.max(box.y(), 0);
        double w = Math.min(box.x() + box.width() - x, imgW - x);
        double h = Math.min(box.y() + box.height() - y, imgH - y);
        int ix = (int) Math.floor(Math.min(x, imgW - 1));
        int iy = (int) Math.floor(Math.min(y, imgH - 1));
        return new int[] {ix, iy, Math.max(1, (int) Math.floor(w)), Math.max(1, (int) Math.floor(h))};
    }
}
