package org.facegate.vision;

import java.nio.FloatBuffer;

/**
 * Cuts a rectangle out of a photo, pads it to a square with zeros, resizes it bilinearly and writes it as a
 * normalised NCHW plane set ({@code (v - mean[c]) * scale}) into a float buffer: the preprocessing of every
 * face-api network in one pass, without intermediate images. The bilinear rule is TensorFlow's
 * {@code resizeBilinear} without half-pixel centres or corner alignment (source = destination * in/out),
 * which is what the networks were run with.
 */
final class Resampler {

    private Resampler() {
    }

    /** Where the crop sits on the square canvas: top-left (detector) or centred (landmarks, recognition). */
    enum Placement { TOP_LEFT, CENTRED }

    /**
     * @param cropX left column of the crop in the image (may be outside the image: zeros there)
     * @param cropW crop width in pixels (>= 1)
     * @param out   destination; {@code 3 * outSize * outSize} floats are written at {@code offset}
     */
    static void cropPadResize(RgbImage img, int cropX, int cropY, int cropW, int cropH, Placement placement,
            int outSize, float[] mean, float scale, FloatBuffer out, int offset) {
        int side = Math.max(cropW, cropH);
        int padLeft = 0;
        int padTop = 0;
        if (placement == Placement.CENTRED) {
            // face-api's padToSquare(centred): round(d / 2) zeros after, the rest before.
            int d = Math.abs(cropW - cropH);
            int before = d - (int) Math.round(d * 0.5);
            if (cropW < cropH) {
                padLeft = before;
            } else {
                padTop = before;
            }
        }
        double ratio = (double) side / outSize;
        int[] x0 = new int[outSize];
        int[] x1 = new int[outSize];
        float[] fx = new float[outSize];
        for (int j = 0; j < outSize; j++) {
            double sx = j * ratio;
            int lo = (int) Math.floor(sx);
            x0[j] = lo;
            x1[j] = Math.min(lo + 1, side - 1);
            fx[j] = (float) (sx - lo);
        }
        int plane = outSize * outSize;
        byte[] rgb = img.rgb();
        int w = img.width();
        int h = img.height();
        int left = cropX - padLeft;
        int top = cropY - padTop;
        // Canvas cell (u, v) holds image pixel (left + u, top + v) when that lies inside both crop and image.
        int minX = Math.max(cropX, 0), maxX = Math.min(cropX + cropW, w);
        int minY = Math.max(cropY, 0), maxY = Math.min(cropY + cropH, h);
        float[] row0 = new float[3];
        float[] row1 = new float[3];
        for (int i = 0; i < outSize; i++) {
            double sy = i * ratio;
            int ty = (int) Math.floor(sy);
            int by = Math.min(ty + 1, side - 1);
            float fy = (float) (sy - ty);
            int iyTop = top + ty;
            int iyBottom = top + by;
            boolean topIn = iyTop >= minY && iyTop < maxY;
            boolean bottomIn = iyBottom >= minY && iyBottom < maxY;
            int rowBase = offset + i * outSize;
            for (int j = 0; j < outSize; j++) {
                int ixL = left + x0[j];
                int ixR = left + x1[j];
                boolean lIn = ixL >= minX && ixL < maxX;
                boolean rIn = ixR >= minX && ixR < maxX;
                float ax = fx[j];
                for (int c = 0; c < 3; c++) {
                    float tl = topIn && lIn ? rgb[(iyTop * w + ixL) * 3 + c] & 0xff : 0f;
                    float tr = topIn && rIn ? rgb[(iyTop * w + ixR) * 3 + c] & 0xff : 0f;
                    float bl = bottomIn && lIn ? rgb[(iyBottom * w + ixL) * 3 + c] & 0xff : 0f;
                    float br = bottomIn && rIn ? rgb[(iyBottom * w + ixR) * 3 + c] & 0xff : 0f;
                    row0[c] = tl + (tr - tl) * ax;
                    row1[c] = bl + (br - bl) * ax;
                    float v = row0[c] + (row1[c] - row0[c]) * fy;
                    out.put(rowBase + c * plane + j, (v - mean[c]) * scale);
                }
            }
        }
    }
}
