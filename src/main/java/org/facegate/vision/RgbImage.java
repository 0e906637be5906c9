package org.facegate.vision;

/**
 * A decoded photo: 8-bit RGB, interleaved (R, G, B per pixel), rows top to bottom, EXIF orientation already
 * applied. Biometric data: {@link #toString()} prints only the size. Not copied on access: the pipeline
 * owns it and does not modify it.
 */
public final class RgbImage {

    private final int width;
    private final int height;
    private final byte[] rgb;

    public RgbImage(int width, int height, byte[] rgb) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        if (rgb.length != Math.multiplyExact(Math.multiplyExact(width, height), 3)) {
            throw new IllegalArgumentException("expected " + width * height * 3 + " bytes, got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The pixel bytes, interleaved RGB; index of pixel (x, y) channel c is {@code (y * width + x) * 3 + c}. */
    public byte[] rgb() {
        return rgb;
    }

    /** Channel {@code c} (0 R, 1 G, 2 B) of pixel (x, y) as 0..255. */
    public int channel(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xff;
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
