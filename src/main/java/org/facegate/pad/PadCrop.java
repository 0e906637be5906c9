package org.facegate.pad;

import java.nio.FloatBuffer;

/**
 * Cuts the face region a PAD model sees ({@link PadDescriptor.Crop}) out of a photo and writes it, resized and
 * normalised, into the model's NCHW input. Resizing is separable: each output pixel averages the source pixels its
 * footprint covers, weighted by the covered fraction, when shrinking (no aliasing of the fine texture a print
 * leaves), and interpolates linearly when enlarging; or, with {@link PadDescriptor.Resize#BILINEAR}, as OpenCV code
 * cuts and resizes ({@link OpenCvBilinear}).
 */
public final class PadCrop {

    private final PadDescriptor.Crop crop;
    private final int[] slot = new int[3];
    private final float[] mean = new float[3];
    private final float[] scale = new float[3];

    public PadCrop(PadDescriptor.Crop crop, PadDescriptor.Normalisation normalisation) {
        this.crop = crop;
        boolean bgr = normalisation.order() == PadDescriptor.ChannelOrder.BGR;
        for (int c = 0; c < 3; c++) {
            slot[c] = bgr ? 2 - c : c;
            mean[c] = normalisation.mean()[slot[c]];
            scale[c] = normalisation.scale()[slot[c]];
        }
    }

    public int floats() {
        return 3 * crop.size() * crop.size();
    }

    /** Writes {@link #floats()} values for {@code face} at {@code offset}. */
    public void write(PadFace face, FloatBuffer out, int offset) {
        if (crop.resizeRule() == PadDescriptor.Resize.BILINEAR) {
            writeOpenCv(face, out, offset);
            return;
        }
        double enlarge = crop.boxScale();
        if (crop.fill() == PadDescriptor.Fill.SHIFT) {
            enlarge = Math.min(enlarge, Math.min((face.height() - 1) / face.boxHeight(), (face.width() - 1) / face.boxWidth()));
        }
        double w = face.boxWidth() * enlarge;
        double h = face.boxHeight() * enlarge;
        double x0 = face.boxX() + face.boxWidth() / 2 - w / 2;
        double y0 = face.boxY() + face.boxHeight() / 2 - h / 2;
        if (crop.fill() == PadDescriptor.Fill.SHIFT) {
            x0 = Math.max(0, Math.min(x0, face.width() - 1 - w));
            y0 = Math.max(0, Math.min(y0, face.height() - 1 - h));
        } else if (crop.fill() == PadDescriptor.Fill.CLAMP) {
            double x1 = Math.min(face.width(), x0 + w);
            double y1 = Math.min(face.height(), y0 + h);
            x0 = Math.max(0, x0);
            y0 = Math.max(0, y0);
            w = Math.max(1, x1 - x0);
            h = Math.max(1, y1 - y0);
        }
        int n = crop.size();
        Taps cols = Taps.of(x0, w, n, face.width());
        Taps rows = Taps.of(y0, h, n, face.height());
        byte[] rgb = face.rgb();
        int stride = face.width() * 3;
        float[] rowSum = new float[3 * face.width()];
        for (int v = 0; v < n; v++) {
            java.util.Arrays.fill(rowSum, 0f);
            for (int k = 0; k < rows.index[v].length; k++) {
                int base = rows.index[v][k] * stride;
                float wy = rows.weight[v][k];
                for (int i = 0; i < stride; i++) {
                    rowSum[i] += wy * (rgb[base + i] & 0xff);
                }
            }
            for (int u = 0; u < n; u++) {
                float r = 0;
                float g = 0;
                float b = 0;
                for (int k = 0; k < cols.index[u].length; k++) {
                    int p = cols.index[u][k] * 3;
                    float wx = cols.weight[u][k];
                    r += wx * rowSum[p];
                    g += wx * rowSum[p + 1];
                    b += wx * rowSum[p + 2];
                }
                out.put(offset + slot[0] * n * n + v * n + u, (r - mean[0]) * scale[0]);
                out.put(offset + slot[1] * n * n + v * n + u, (g - mean[1]) * scale[1]);
                out.put(offset + slot[2] * n * n + v * n + u, (b - mean[2]) * scale[2]);
            }
        }
    }

    private void writeOpenCv(PadFace face, FloatBuffer out, int offset) {
        int n = crop.size();
        OpenCvBilinear.PixelBox box = OpenCvBilinear.shiftBox(face.width(), face.height(), face.boxX(), face.boxY(),
                face.boxWidth(), face.boxHeight(), crop.boxScale());
        byte[] pixels = OpenCvBilinear.resize(face.rgb(), face.width(), box, n);
        for (int p = 0; p < n * n; p++) {
            for (int c = 0; c < 3; c++) {
                out.put(offset + slot[c] * n * n + p, ((pixels[3 * p + c] & 0xff) - mean[c]) * scale[c]);
            }
        }
    }

    /** For each output coordinate, the source pixels it reads and their weights (summing to 1). */
    private record Taps(int[][] index, float[][] weight) {

        static Taps of(double start, double length, int n, int imageLength) {
            int[][] index = new int[n][];
            float[][] weight = new float[n][];
            double step = length / n;
            for (int o = 0; o < n; o++) {
                if (step > 1) {
                    double a = start + o * step;
                    double b = a + step;
                    int first = (int) Math.floor(a);
                    int last = (int) Math.ceil(b) - 1;
                    index[o] = new int[last - first + 1];
                    weight[o] = new float[last - first + 1];
                    for (int p = first; p <= last; p++) {
                        double cover = Math.min(b, p + 1) - Math.max(a, p);
                        index[o][p - first] = clamp(p, imageLength);
                        weight[o][p - first] = (float) (cover / step);
                    }
                } else {
                    double centre = start + (o + 0.5) * step - 0.5;
                    int lo = (int) Math.floor(centre);
                    float f = (float) (centre - lo);
                    index[o] = new int[] {clamp(lo, imageLength), clamp(lo + 1, imageLength)};
                    weight[o] = new float[] {1 - f, f};
                }
            }
            return new Taps(index, weight);
        }

        private static int clamp(int p, int length) {
            return Math.max(0, Math.min(length - 1, p));
        }
    }
}
