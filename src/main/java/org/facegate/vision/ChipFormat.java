package org.facegate.vision;

import java.nio.FloatBuffer;

import org.facegate.inference.ModelDescriptor;

/**
 * Where each pixel of a face chip goes in a model's input tensor and how it is normalised: layout (NCHW or
 * NHWC), channel order (RGB or BGR), {@code (value - mean[c]) * scale[c]}, optionally mirrored left-right.
 * Channels are addressed in RGB order here; the format maps them to the model's order.
 */
final class ChipFormat {

    final int width;
    final int height;
    private final boolean nchw;
    private final int[] slot = new int[3];
    /** Indexed by RGB channel. */
    private final float[] mean = new float[3];
    private final float[] scale = new float[3];
    private final boolean mirrored;

    private ChipFormat(int width, int height, boolean nchw, boolean bgr, float[] modelMean, float[] modelScale,
            boolean mirrored) {
        this.width = width;
        this.height = height;
        this.nchw = nchw;
        this.mirrored = mirrored;
        for (int c = 0; c < 3; c++) {
            slot[c] = bgr ? 2 - c : c;
            mean[c] = modelMean[slot[c]];
            scale[c] = modelScale[slot[c]];
        }
    }

    /** The input format a model descriptor declares. */
    static ChipFormat of(ModelDescriptor.Input in) {
        return new ChipFormat(in.width(), in.height(), in.layout() == ModelDescriptor.Layout.NCHW,
                in.channelOrder() == ModelDescriptor.ChannelOrder.BGR, in.mean(), in.scale(), false);
    }

    /** Square RGB NCHW with one scale for all channels: the face-api networks. */
    static ChipFormat nchwRgb(int size, float[] mean, float scale) {
        return new ChipFormat(size, size, true, false, mean, new float[] {scale, scale, scale}, false);
    }

    /** The same format with x mirrored (column {@code x} written at {@code width - 1 - x}). */
    ChipFormat mirror() {
        float[] m = new float[3];
        float[] s = new float[3];
        for (int c = 0; c < 3; c++) {
            m[slot[c]] = mean[c];
            s[slot[c]] = scale[c];
        }
        return new ChipFormat(width, height, nchw, slot[0] == 2, m, s, !mirrored);
    }

    /**
     * Writes the chip at {@code from} into {@code to} mirrored left-right ({@link #mirror()}'s layout): the same
     * values an aligner writes for the mirrored format, since it samples the same points and only places column
     * {@code x} at {@code width - 1 - x}; a copy instead of a second warp.
     */
    void copyMirrored(FloatBuffer buf, int from, int to) {
        for (int v = 0; v < height; v++) {
            for (int u = 0; u < width; u++) {
                for (int c = 0; c < 3; c++) {
                    buf.put(to + index(width - 1 - u, v, c), buf.get(from + index(u, v, c)));
                }
            }
        }
    }

    /** NCHW and not mirrored: each channel's row is contiguous in the tensor. */
    boolean isPlanar() {
        return nchw && !mirrored;
    }

    int floats() {
        return 3 * width * height;
    }

    /** Tensor index (relative to the chip's start) of RGB channel {@code c} at chip pixel (x, y). */
    int index(int x, int y, int c) {
        int xx = mirrored ? width - 1 - x : x;
        return nchw ? slot[c] * width * height + y * width + xx : (y * width + xx) * 3 + slot[c];
    }

    float normalise(float value, int c) {
        return (value - mean[c]) * scale[c];
    }

    /** The 0..255 value of RGB channel {@code c} back from a normalised tensor value. */
    float pixel(float normalised, int c) {
        return normalised / scale[c] + mean[c];
    }
}
