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
        int w = img.width();
        int h = img.height();
        int left = cropX - padLeft;
        int top = cropY - padTop;
        // Canvas cell (u, v) holds image pixel (left + u, top + v) when that lies inside both crop and image,
        // zero otherwise. Column lookups are precomputed: byte offset of the pixel in its row, or -1 outside.
        int minX = Math.max(cropX, 0), maxX = Math.min(cropX + cropW, w);
        int minY = Math.max(cropY, 0), maxY = Math.min(cropY + cropH, h);
        int[] colL = new int[outSize];
        int[] colR = new int[outSize];
        float[] fx = new float[outSize];
        for (int j = 0; j < outSize; j++) {
            double sx = j * ratio;
            int lo = (int) Math.floor(sx);
            int hi = Math.min(lo + 1, side - 1);
            colL[j] = inside(left + lo, minX, maxX) ? (left + lo) * 3 : -1;
            colR[j] = inside(left + hi, minX, maxX) ? (left + hi) * 3 : -1;
            fx[j] = (float) (sx - lo);
        }
        int plane = outSize * outSize;
        byte[] rgb = img.rgb();
        float[] row = new float[3 * outSize];
        for (int i = 0; i < outSize; i++) {
            double sy = i * ratio;
            int ty = (int) Math.floor(sy);
            int by = Math.min(ty + 1, side - 1);
            float fy = (float) (sy - ty);
            int rowTop = inside(top + ty, minY, maxY) ? (top + ty) * w * 3 : -1;
            int rowBottom = inside(top + by, minY, maxY) ? (top + by) * w * 3 : -1;
            for (int c = 0; c < 3; c++) {
                float m = mean[c];
                int base = c * outSize;
                for (int j = 0; j < outSize; j++) {
                    int l = colL[j];
                    int r = colR[j];
                    float tl = rowTop >= 0 && l >= 0 ? rgb[rowTop + l + c] & 0xff : 0f;
                    float tr = rowTop >= 0 && r >= 0 ? rgb[rowTop + r + c] & 0xff : 0f;
                    float bl = rowBottom >= 0 && l >= 0 ? rgb[rowBottom + l + c] & 0xff : 0f;
                    float br = rowBottom >= 0 && r >= 0 ? rgb[rowBottom + r + c] & 0xff : 0f;
                    float ax = fx[j];
                    float t = tl + (tr - tl) * ax;
                    float b = bl + (br - bl) * ax;
                    row[base + j] = (t + (b - t) * fy - m) * scale;
                }
            }
            for (int c = 0; c < 3; c++) {
                out.put(offset + c * plane + i * outSize, row, c * outSize, outSize);
            }
        }
    }

    private static boolean inside(int v, int min, int max) {
        return v >= min && v < max;
    }
}
