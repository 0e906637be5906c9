package org.facegate.vision;

import java.nio.FloatBuffer;

/**
 * Cuts a rectangle out of a photo, pads it to a square, resizes it bilinearly and writes it normalised into a
 * model's input buffer ({@link ChipFormat}): the preprocessing of every face-api network in one pass, without
 * intermediate images. The bilinear rule is TensorFlow's {@code resizeBilinear} without half-pixel centres or
 * corner alignment (source = destination * in/out), which is what the networks were run with. Outside the
 * image the canvas is zero (black), or, with {@link Border#REPLICATE}, the nearest edge pixel inside the crop
 * rectangle (the square padding beyond the crop stays zero). Planar formats (NCHW, not mirrored) get bulk row
 * writes; the others one value at a time.
 */
final class Resampler {

    private Resampler() {
    }

    /** Where the crop sits on the square canvas: top-left (detector) or centred (landmarks, recognition). */
    enum Placement { TOP_LEFT, CENTRED }

    /** What the crop shows where it extends beyond the image. */
    enum Border { ZERO, REPLICATE }

    /** NCHW RGB output of {@code outSize x outSize} with one scale; zero border. */
    static void cropPadResize(RgbImage img, int cropX, int cropY, int cropW, int cropH, Placement placement,
            int outSize, float[] mean, float scale, FloatBuffer out, int offset) {
        cropPadResize(img, cropX, cropY, cropW, cropH, placement, Border.ZERO, ChipFormat.nchwRgb(outSize, mean, scale),
                out, offset);
    }

    /**
     * @param cropX  left column of the crop in the image (may be outside the image)
     * @param cropW  crop width in pixels (>= 1)
     * @param format a square output format; {@code format.floats()} values are written at {@code offset}
     */
    static void cropPadResize(RgbImage img, int cropX, int cropY, int cropW, int cropH, Placement placement,
            Border border, ChipFormat format, FloatBuffer out, int offset) {
        int outSize = format.width;
        if (format.height != outSize) {
            throw new IllegalArgumentException("square output expected, got " + format.width + "x" + format.height);
        }
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
        // Canvas cell (u, v) holds image pixel (left + u, top + v) inside crop and image (or the nearest edge
        // pixel with REPLICATE), zero otherwise. Column lookups are precomputed: byte offset of the pixel in its
        // row, or -1 for a zero.
        int[] colL = new int[outSize];
        int[] colR = new int[outSize];
        float[] fx = new float[outSize];
        for (int j = 0; j < outSize; j++) {
            double sx = j * ratio;
            int lo = (int) Math.floor(sx);
            int hi = Math.min(lo + 1, side - 1);
            int l = source(left + lo, cropX, cropW, w, border);
            int r = source(left + hi, cropX, cropW, w, border);
            colL[j] = l < 0 ? -1 : l * 3;
            colR[j] = r < 0 ? -1 : r * 3;
            fx[j] = (float) (sx - lo);
        }
        byte[] rgb = img.rgb();
        boolean planar = format.isPlanar();
        float[] row = new float[3 * outSize];
        for (int i = 0; i < outSize; i++) {
            double sy = i * ratio;
            int ty = (int) Math.floor(sy);
            int by = Math.min(ty + 1, side - 1);
            float fy = (float) (sy - ty);
            int t0 = source(top + ty, cropY, cropH, h, border);
            int b0 = source(top + by, cropY, cropH, h, border);
            int rowTop = t0 < 0 ? -1 : t0 * w * 3;
            int rowBottom = b0 < 0 ? -1 : b0 * w * 3;
            for (int c = 0; c < 3; c++) {
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
                    row[base + j] = format.normalise(t + (b - t) * fy, c);
                }
            }
            if (planar) {
                for (int c = 0; c < 3; c++) {
                    out.put(offset + format.index(0, i, c), row, c * outSize, outSize);
                }
            } else {
                for (int c = 0; c < 3; c++) {
                    for (int j = 0; j < outSize; j++) {
                        out.put(offset + format.index(j, i, c), row[c * outSize + j]);
                    }
                }
            }
        }
    }

    /** The image row/column a canvas coordinate reads, or -1 for a zero. */
    private static int source(int coord, int cropStart, int cropLength, int imageLength, Border border) {
        if (coord < cropStart || coord >= cropStart + cropLength) {
            return -1;
        }
        if (coord >= 0 && coord < imageLength) {
            return coord;
        }
        return border == Border.REPLICATE ? Math.max(0, Math.min(imageLength - 1, coord)) : -1;
    }
}
