package org.facegate.vision;

/**
 * Upper bounds that {@link ImageDecoder} checks before it decodes any pixels, so that an oversized upload or a
 * decompression bomb (a small file whose header declares a huge image) is refused cheaply.
 *
 * <p>Defaults ({@link #DEFAULTS}): at most 8 MiB of encoded bytes, 8000 pixels wide, 8000 pixels high and
 * 24 megapixels in total. A 24-megapixel image needs about 72 MB as RGB, plus the decoder's own raster.
 * Width and height are compared as the file declares them, before EXIF orientation is applied.
 *
 * @param maxBytes  largest accepted encoded size in bytes
 * @param maxWidth  largest accepted declared width in pixels
 * @param maxHeight largest accepted declared height in pixels
 * @param maxPixels largest accepted declared width x height
 */
public record DecodeLimits(int maxBytes, int maxWidth, int maxHeight, long maxPixels) {

    /** 8 MiB. */
    public static final int DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
    /** 8000 pixels. */
    public static final int DEFAULT_MAX_SIDE = 8000;
    /** 24 megapixels (24,000,000). */
    public static final long DEFAULT_MAX_PIXELS = 24_000_000L;

    /** 8 MiB, 8000 x 8000, 24 megapixels. */
    public static final DecodeLimits DEFAULTS =
            new DecodeLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_SIDE, DEFAULT_MAX_SIDE, DEFAULT_MAX_PIXELS);

    /** @throws IllegalArgumentException if any bound is not positive */
    public DecodeLimits {
        if (maxBytes <= 0 || maxWidth <= 0 || maxHeight <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("decode limits must be positive: " + maxBytes + " bytes, "
                    + maxWidth + "x" + maxHeight + ", " + maxPixels + " pixels");
        }
    }

    /** Whether an image of {@code length} encoded bytes may be decoded. */
    public boolean allowsBytes(int length) {
        return length <= maxBytes;
    }

    /** Whether an image whose header declares {@code width x height} may be decoded. */
    public boolean allowsSize(int width, int height) {
        return width <= maxWidth && height <= maxHeight && (long) width * height <= maxPixels;
    }
}
