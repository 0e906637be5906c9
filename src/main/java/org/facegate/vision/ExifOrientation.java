package org.facegate.vision;

/**
 * Reads the EXIF orientation tag (0x0112) from a JPEG's APP1 segment and applies it to decoded pixels, so that
 * a photo taken with a rotated camera reaches the face detector upright.
 *
 * <p>The parser walks the marker segments up to the start of scan and reads only IFD0 of the Exif TIFF block;
 * it is bounds-checked throughout and answers {@link #NORMAL} for anything missing or malformed, so a broken
 * Exif block never makes a photo unreadable.
 */
final class ExifOrientation {

    /** Orientation 1: stored upright. */
    static final int NORMAL = 1;

    private static final int TAG_ORIENTATION = 0x0112;
    private static final int TYPE_SHORT = 3;
    private static final int MARKER_APP1 = 0xE1;
    private static final int MARKER_SOS = 0xDA;
    private static final int MARKER_EOI = 0xD9;

    private ExifOrientation() {
    }

    /**
     * The EXIF orientation (1..8) of a JPEG file, or {@link #NORMAL} when there is none or it cannot be read.
     */
    static int read(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            return NORMAL;
        }
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            if ((jpeg[pos] & 0xFF) != 0xFF) {
                return NORMAL;
            }
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++; // fill byte before a marker
                continue;
            }
            if (marker == MARKER_SOS || marker == MARKER_EOI) {
                return NORMAL; // metadata segments all come before the first scan
            }
            if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                pos += 2; // markers without a length field
                continue;
            }
            int body = pos + 4;
            int bodyLength = u16(jpeg, pos + 2, false) - 2;
            if (bodyLength < 0 || body + bodyLength > jpeg.length) {
                return NORMAL;
            }
            if (marker == MARKER_APP1 && isExifHeader(jpeg, body, bodyLength)) {
                int orientation = tiffOrientation(jpeg, body + 6, bodyLength - 6);
                if (orientation != 0) {
                    return orientation;
                }
            }
            pos = body + bodyLength;
        }
        return NORMAL;
    }

    /**
     * {@code image} turned as orientation {@code orientation} (1..8) asks, so that row 0 is the visual top;
     * orientations 5..8 swap width and height. Orientation 1, or any value outside 1..8, returns {@code image}.
     */
    static RgbImage apply(RgbImage image, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        // Output pixel (x, y) comes from source (sx, sy) = (a0 + ax*x + ay*y, b0 + bx*x + by*y).
        int a0;
        int ax;
        int ay;
        int b0;
        int bx;
        int by;
        switch (orientation) {
            case 2 -> { a0 = w - 1; ax = -1; ay = 0; b0 = 0; bx = 0; by = 1; }          // mirror horizontally
            case 3 -> { a0 = w - 1; ax = -1; ay = 0; b0 = h - 1; bx = 0; by = -1; }     // rotate 180
            case 4 -> { a0 = 0; ax = 1; ay = 0; b0 = h - 1; bx = 0; by = -1; }          // mirror vertically
            case 5 -> { a0 = 0; ax = 0; ay = 1; b0 = 0; bx = 1; by = 0; }               // transpose
            case 6 -> { a0 = 0; ax = 0; ay = 1; b0 = h - 1; bx = -1; by = 0; }          // rotate 90 clockwise
            case 7 -> { a0 = w - 1; ax = 0; ay = -1; b0 = h - 1; bx = -1; by = 0; }     // transverse
            default -> { a0 = w - 1; ax = 0; ay = -1; b0 = 0; bx = 1; by = 0; }         // 8: rotate 90 counter-clockwise
        }
        boolean swap = orientation >= 5;
        int outW = swap ? h : w;
        int outH = swap ? w : h;
        byte[] src = image.rgb();
        byte[] dst = new byte[src.length];
        int stepX = 3 * (bx * w + ax);
        int stepY = 3 * (by * w + ay);
        int rowStart = 3 * (b0 * w + a0);
        int d = 0;
        for (int y = 0; y < outH; y++, rowStart += stepY) {
            int s = rowStart;
            for (int x = 0; x < outW; x++, s += stepX) {
                dst[d++] = src[s];
                dst[d++] = src[s + 1];
                dst[d++] = src[s + 2];
            }
        }
        return new RgbImage(outW, outH, dst);
    }

    private static boolean isExifHeader(byte[] b, int offset, int length) {
        return length >= 14 && b[offset] == 'E' && b[offset + 1] == 'x' && b[offset + 2] == 'i'
                && b[offset + 3] == 'f' && b[offset + 4] == 0 && b[offset + 5] == 0;
    }

    /** Orientation from IFD0 of the TIFF block at {@code start}; 0 when absent or malformed. */
    private static int tiffOrientation(byte[] b, int start, int length) {
        if (length < 8) {
            return 0;
        }
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return 0;
        }
        if (u16(b, start + 2, little) != 42) {
            return 0;
        }
        long ifd = u32(b, start + 4, little);
        if (ifd < 8 || ifd > length - 2) {
            return 0;
        }
        int entries = u16(b, start + (int) ifd, little);
        for (int i = 0; i < entries; i++) {
            int entry = start + (int) ifd + 2 + 12 * i;
            if (entry + 12 > start + length) {
                return 0;
            }
            if (u16(b, entry, little) == TAG_ORIENTATION) {
                if (u16(b, entry + 2, little) != TYPE_SHORT || u32(b, entry + 4, little) != 1) {
                    return 0;
                }
                int value = u16(b, entry + 8, little);
                return value >= 1 && value <= 8 ? value : 0;
            }
        }
        return 0;
    }

    private static int u16(byte[] b, int offset, boolean little) {
        int first = b[offset] & 0xFF;
        int second = b[offset + 1] & 0xFF;
        return little ? first | second << 8 : first << 8 | second;
    }

    private static long u32(byte[] b, int offset, boolean little) {
        long high = u16(b, little ? offset + 2 : offset, little);
        long low = u16(b, little ? offset : offset + 2, little);
        return high << 16 | low;
    }
}
