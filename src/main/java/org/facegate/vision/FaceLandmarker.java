package org.facegate.vision;

import java.nio.FloatBuffer;
import java.util.List;
import org.facegate.inference.DirectBuffers;
import org.facegate.inference.OnnxModel;

/**
 * Places the 68 landmarks on detected faces with face-api's 68-point net: the detection box, clipped to the
 * image and floored, is cut out, zero-padded to a centred square and resized to 112x112; the 136 outputs are
 * mapped back from the padded square to image pixels.
 */
public final class FaceLandmarker {

    private static final int SIZE = 112;
    private static final float[] MEAN = {122.782f, 117.001f, 104.298f};

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
