package org.facegate.vision;

import java.nio.FloatBuffer;
import java.util.Map;
import org.facegate.inference.ModelDescriptor.ReferencePoint;

/**
 * Similarity-transform alignment: the rotation, uniform scale and shift that carry the face's reference points
 * (eye centres, nose tip, mouth corners or centre, from the 68 landmarks) onto a template in chip pixels with
 * the least squared error; each chip pixel is then sampled from the photo through the inverse transform,
 * bilinearly (black outside the photo). When the chip is smaller than the face in the photo (scale below 1),
 * each chip pixel averages an n x n grid of bilinear samples, n = ceil(1 / scale), so that large photos do not
 * alias. Coordinates are pixel indices (pixel (i, j) sits at (i, j)) in both the photo and the chip.
 */
final class SimilarityAligner implements FaceAligner {

    private final ReferencePoint[] points;
    private final double[][] template;

    SimilarityAligner(Map<ReferencePoint, double[]> template) {
        if (template.size() < 2) {
            throw new IllegalArgumentException("a similarity alignment needs at least two template points");
        }
        this.points = template.keySet().toArray(new ReferencePoint[0]);
        this.template = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            this.template[i] = template.get(points[i]).clone();
        }
    }

    /** The reference point {x, y} in image pixels. */
    static double[] point(Landmarks lm, ReferencePoint p) {
        return switch (p) {
            case LEFT_EYE -> lm.leftEye();
            case RIGHT_EYE -> lm.rightEye();
            case NOSE -> new double[] {lm.x(30), lm.y(30)};
            case MOUTH_LEFT -> new double[] {lm.x(48), lm.y(48)};
            case MOUTH_RIGHT -> new double[] {lm.x(54), lm.y(54)};
            case MOUTH -> lm.mouth();
        };
    }

    /**
     * The least-squares similarity {a, b, tx, ty} with {@code dst = [a -b; b a] src + t} (no reflection).
     * Closed form: with both point sets centred, {@code a = sum(s.d) / sum(|s|^2)},
     * {@code b = sum(s x d) / sum(|s|^2)}.
     */
    static double[] fit(double[][] src, double[][] dst) {
        int n = src.length;
        double sx = 0, sy = 0, dx = 0, dy = 0;
        for (int i = 0; i < n; i++) {
            sx += src[i][0];
            sy += src[i][1];
            dx += dst[i][0];
            dy += dst[i][1];
        }
        sx /= n;
        sy /= n;
        dx /= n;
        dy /= n;
        double dot = 0, cross = 0, norm = 0;
        for (int i = 0; i < n; i++) {
            double px = src[i][0] - sx, py = src[i][1] - sy;
            double qx = dst[i][0] - dx, qy = dst[i][1] - dy;
            dot += px * qx + py * qy;
            cross += px * qy - py * qx;
            norm += px * px + py * py;
        }
        if (norm < 1e-12) {
            throw new IllegalArgumentException("reference points coincide: no alignment possible");
        }
        double a = dot / norm;
        double b = cross / norm;
        return new double[] {a, b, dx - (a * sx - b * sy), dy - (b * sx + a * sy)};
    }

    /** The transform from image pixels to chip pixels for these landmarks. */
    double[] transform(Landmarks lm) {
        double[][] src = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            src[i] = point(lm, points[i]);
        }
        return fit(src, template);
    }

    @Override
    public void writeChip(RgbImage img, Landmarks lm, ChipFormat format, FloatBuffer out, int offset) {
        double[] t = transform(lm);
        double a = t[0], b = t[1];
        double scale2 = a * a + b * b;
        // Inverse of [a -b; b a]: [a b; -b a] / (a^2 + b^2).
        double ia = a / scale2, ib = b / scale2;
        double tx = t[2], ty = t[3];
        int n = Math.max(1, (int) Math.ceil(1 / Math.sqrt(scale2) - 1e-9));
        byte[] rgb = img.rgb();
        int w = img.width();
        int h = img.height();
        float[] acc = new float[3];
        float[] sample = new float[3];
        for (int v = 0; v < format.height; v++) {
            for (int u = 0; u < format.width; u++) {
                acc[0] = acc[1] = acc[2] = 0;
                for (int sv = 0; sv < n; sv++) {
                    double cv = v + (sv + 0.5) / n - 0.5;
                    for (int su = 0; su < n; su++) {
                        double cu = u + (su + 0.5) / n - 0.5;
                        double qx = cu - tx;
                        double qy = cv - ty;
                        bilinear(rgb, w, h, ia * qx + ib * qy, -ib * qx + ia * qy, sample);
                        acc[0] += sample[0];
                        acc[1] += sample[1];
                        acc[2] += sample[2];
                    }
                }
                float inv = 1f / (n * n);
                for (int c = 0; c < 3; c++) {
                    out.put(offset + format.index(u, v, c), format.normalise(acc[c] * inv, c));
                }
            }
        }
    }

    /**
     * Bilinear sample at (x, y); pixels outside the image are black. Inside the image (all four neighbours in it,
     * nearly every sample) the neighbours' offsets are computed once for the three channels; the arithmetic is the
     * same, so both paths give the same bits.
     */
    private static void bilinear(byte[] rgb, int w, int h, double x, double y, float[] out) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float fx = (float) (x - x0);
        float fy = (float) (y - y0);
        if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) {
            int tl = (y0 * w + x0) * 3;
            int bl = tl + w * 3;
            for (int c = 0; c < 3; c++) {
                float a = rgb[tl + c] & 0xff;
                float b = rgb[tl + 3 + c] & 0xff;
                float d = rgb[bl + c] & 0xff;
                float e = rgb[bl + 3 + c] & 0xff;
                float top = a + (b - a) * fx;
                float bottom = d + (e - d) * fx;
                out[c] = top + (bottom - top) * fy;
            }
            return;
        }
        for (int c = 0; c < 3; c++) {
            float tl = at(rgb, w, h, x0, y0, c);
            float tr = at(rgb, w, h, x0 + 1, y0, c);
            float bl = at(rgb, w, h, x0, y0 + 1, c);
            float br = at(rgb, w, h, x0 + 1, y0 + 1, c);
            float top = tl + (tr - tl) * fx;
            float bottom = bl + (br - bl) * fx;
            out[c] = top + (bottom - top) * fy;
        }
    }

    private static float at(byte[] rgb, int w, int h, int x, int y, int c) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0f : rgb[(y * w + x) * 3 + c] & 0xff;
    }

    @Override
    public String toString() {
        return "similarity" + java.util.Arrays.toString(points);
    }
}
