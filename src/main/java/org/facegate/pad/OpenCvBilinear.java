package org.facegate.pad;

/**
 * The crop of {@link PadDescriptor.Resize#BILINEAR}: a whole-pixel region of an 8-bit RGB photo resized the way
 * OpenCV's {@code cv2.resize(img, (n, n))} (interpolation {@code INTER_LINEAR}) does for 8-bit images, so that a
 * model trained on crops cut by OpenCV code sees the same pixels here. The rule, from OpenCV's documented algorithm:
 * output pixel {@code d} samples source coordinate {@code (d + 0.5) * scale - 0.5} (computed in single precision,
 * {@code scale = 1 / (n / source)}), between its two neighbouring pixels whatever the scale (no averaging over a
 * wider footprint when shrinking), edge pixels repeated beyond the region; the two weights are 11-bit fixed-point
 * integers ({@code round(w * 2048)}); rows are first combined horizontally in integers, then vertically with
 * OpenCV's vectorised rounding {@code (((b0 * (S0 >> 4)) >> 16) + ((b1 * (S1 >> 4)) >> 16) + 2) >> 2}, saturated to
 * 0-255.
 */
final class OpenCvBilinear {

    private static final int COEF_BITS = 11;
    private static final int ONE = 1 << COEF_BITS;

    private OpenCvBilinear() {
    }

    /** A region of whole pixels, corners included. */
    record PixelBox(int left, int top, int right, int bottom) {

        int width() {
            return right - left + 1;
        }

        int height() {
            return bottom - top + 1;
        }
    }

    /**
     * The region of upstream Silent-Face-Anti-Spoofing's {@code CropImage._get_new_box}: scale limited to what fits,
     * the scaled box about the face box's centre, moved inside {@code [0, W-1] x [0, H-1]}, corners truncated toward
     * zero; the region then includes its right and bottom pixel.
     */
    static PixelBox shiftBox(int width, int height, double x, double y, double w, double h, double boxScale) {
        double scale = Math.min((height - 1) / h, Math.min((width - 1) / w, boxScale));
        double newW = w * scale;
        double newH = h * scale;
        double cx = w / 2 + x;
        double cy = h / 2 + y;
        double left = cx - newW / 2;
        double top = cy - newH / 2;
        double right = cx + newW / 2;
        double bottom = cy + newH / 2;
        if (left < 0) {
            right -= left;
            left = 0;
        }
        if (top < 0) {
            bottom -= top;
            top = 0;
        }
        if (right > width - 1) {
            left -= right - width + 1;
            right = width - 1;
        }
        if (bottom > height - 1) {
            top -= bottom - height + 1;
            bottom = height - 1;
        }
        return new PixelBox((int) left, (int) top, (int) right, (int) bottom);
    }

    /**
     * Resizes {@code box} of the interleaved RGB photo ({@code width} pixels a row) to {@code n x n} and returns the
     * 8-bit result, interleaved RGB, rows top to bottom.
     */
    static byte[] resize(byte[] rgb, int width, PixelBox box, int n) {
        Taps xs = Taps.of(box.width(), n, true);
        Taps ys = Taps.of(box.height(), n, false);
        int[] row0 = new int[3 * n];
        int[] row1 = new int[3 * n];
        byte[] out = new byte[3 * n * n];
        for (int dy = 0; dy < n; dy++) {
            horizontal(rgb, width, box, ys.rowIndex(dy, 0), xs, row0);
            horizontal(rgb, width, box, ys.rowIndex(dy, 1), xs, row1);
            int b0 = ys.w0[dy];
            int b1 = ys.w1[dy];
            for (int i = 0; i < 3 * n; i++) {
                int v = (((b0 * (row0[i] >> 4)) >> 16) + ((b1 * (row1[i] >> 4)) >> 16) + 2) >> 2;
                out[dy * 3 * n + i] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return out;
    }

    private static void horizontal(byte[] rgb, int width, PixelBox box, int row, Taps xs, int[] out) {
        int base = ((box.top() + row) * width + box.left()) * 3;
        for (int dx = 0; dx < xs.index.length; dx++) {
            int p = base + xs.index[dx] * 3;
            for (int c = 0; c < 3; c++) {
                int s0 = rgb[p + c] & 0xff;
                // At the region's last column OpenCV takes that pixel alone (never the one beyond it).
                out[dx * 3 + c] = xs.index[dx] == xs.last ? s0 * ONE : s0 * xs.w0[dx] + (rgb[p + 3 + c] & 0xff) * xs.w1[dx];
            }
        }
    }

    /** Per output coordinate: the first source index and the fixed-point weights of it and the next. */
    private record Taps(int[] index, int[] w0, int[] w1, int last) {

        static Taps of(int source, int n, boolean clampBoth) {
            double scale = 1.0 / ((double) n / source);
            int[] index = new int[n];
            int[] w0 = new int[n];
            int[] w1 = new int[n];
            for (int d = 0; d < n; d++) {
                float f = (float) ((d + 0.5) * scale - 0.5);
                int s = (int) Math.floor(f);
                f -= s;
                if (clampBoth) {
                    // Columns: OpenCV pins the coordinate at the region's first and last pixel.
                    if (s < 0) {
                        f = 0;
                        s = 0;
                    }
                    if (s >= source - 1) {
                        f = 0;
                        s = source - 1;
                    }
                }
                index[d] = s;
                w0[d] = (int) Math.rint((1f - f) * ONE);
                w1[d] = (int) Math.rint(f * ONE);
            }
            return new Taps(index, w0, w1, source - 1);
        }

        /** Rows: the {@code k}-th (0 or 1) source row of output row {@code d}, clipped to the region. */
        int rowIndex(int d, int k) {
            return Math.max(0, Math.min(last, index[d] + k));
        }
    }
}
