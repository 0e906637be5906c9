package org.facegate.vision;

import java.nio.FloatBuffer;

/**
 * Cuts a rectangle out of a photo, pads it to a square, resizes it bilinearly and writes it normalised into a
 * model's input buffer ({@link ChipFormat}): the preprocessing of every face-api network in one pass, without
 * intermediate images. The bilinear rule is TensorFlow's {@code resizeBilinear} without half-pixel centres or
 * corner alignment (source = destination * in/out), which is what the networks were run with. Outside the
 * image the canvas is zero (black), or, with {@link Border#REPLICATE}, the nearest edge pixel inside the crop
 * rectangle (the square padding beyond the crop stays zero).
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
        int w = img.width();
        int h = img.height();
        int left = cropX - padLeft;
        int top = cropY - padTop;
        double ratio = (double) side / outSize;
        // Image column (or -1 for zero) for the left and right neighbour of each output column.
        int[] colL = new int[outSize];
        int[] colR = new int[outSize];
        float[] fx = new float[outSize];
        for (int j = 0; j < outSize; j++) {
            double sx = j * ratio;
            int lo = (int) Math.floor(sx);
            colL[j] = source(left + lo, cropX, cropW, w, border);
            colR[j] = source(left + Math.min(lo + 1, side - 1), cropX, cropW, w, border);
            fx[j] = (float) (sx - lo);
        }
        byte[] rgb = img.rgb();
        for (int i = 0; i < outSize; i++) {
            double sy = i * ratio;
            int ty = (int) Math.floor(sy);
            int rowT = source(top + ty, cropY, cropH, h, border);
            int rowB = source(top + Math.min(ty + 1, side - 1), cropY, cropH, h, border);
            float fy = (float) (sy - ty);
            for (int j = 0; j < outSize; j++) {
                float ax = fx[j];
                int l = colL[j];
                int r = colR[j];
                for (int c = 0; c < 3; c++) {
                    float tl = rowT >= 0 && l >= 0 ? rgb[(rowT * w + l) * 3 + c] & 0xff : 0f;
                    float tr = rowT >= 0 && r >= 0 ? rgb[(rowT * w + r) * 3 + c] & 0xff : 0f;
                    float bl = rowB >= 0 && l >= 0 ? rgb[(rowB * w + l) * 3 + c] & 0xff : 0f;
                    float br = rowB >= 0 && r >= 0 ? rgb[(rowB * w + r) * 3 + c] & 0xff : 0f;
                    float top0 = tl + (tr - tl) * ax;
                    float bottom0 = bl + (br - bl) * ax;
                    float v = top0 + (bottom0 - top0) * fy;
                    out.put(offset + format.index(j, i, c), format.normalise(v, c));
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
