package org.facegate.pad;

/**
 * A photo and the face box the detector chose in it: what the PAD stage reads. Pixels are 8-bit RGB, interleaved,
 * rows top to bottom; the box is in pixels, top-left corner and size. Biometric data: never logged.
 */
public record PadFace(int width, int height, byte[] rgb, double boxX, double boxY, double boxWidth, double boxHeight) {

    public PadFace {
        if (width <= 0 || height <= 0 || rgb == null || rgb.length != width * height * 3) {
            throw new IllegalArgumentException("a PAD face needs " + width + "x" + height + " RGB pixels");
        }
        if (!(boxWidth > 0 && boxHeight > 0)) {
            throw new IllegalArgumentException("the face box must have a positive size");
        }
    }

    @Override
    public String toString() {
        return "PadFace[" + width + "x" + height + "]";
    }
}
