package org.facegate.vision;

/**
 * Checks that a JPEG 2000 file holds a complete codestream, ending with the end-of-codestream marker
 * {@code FF D9} that ISO/IEC 15444-1 requires.
 *
 * <p>Why: JPEG 2000 is designed so that a cut-off codestream still decodes, only blurrier, and the JJ2000
 * decoder behind jai-imageio does exactly that without any warning (or, cut elsewhere, prints a stack trace
 * and throws {@code ThreadDeath}). FaceGate treats a cut-off photo as unreadable, for JPEG 2000 as for JPEG.
 */
final class Jpeg2000Codestream {

    private static final int BOX_JP2C = 0x6A703263; // "jp2c", the contiguous codestream box

    private Jpeg2000Codestream() {
    }

    /**
     * True if {@code bytes} (a JP2 file or a raw J2K codestream, as {@link ImageFormat#sniff} recognises) has
     * a codestream that ends with {@code FF D9}; false when it is cut off, missing, or the boxes are malformed.
     */
    static boolean isComplete(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0x4F) {
            return endsWithEoc(bytes, bytes.length);
        }
        long pos = 0;
        while (pos + 8 <= bytes.length) {
            int at = (int) pos;
            long length = u32(bytes, at);
            int type = (int) u32(bytes, at + 4);
            int header = 8;
            if (length == 1) {
                if (pos + 16 > bytes.length) {
                    return false;
                }
                length = u32(bytes, at + 8) << 32 | u32(bytes, at + 12);
                header = 16;
            } else if (length == 0) {
                length = bytes.length - pos; // the last box runs to the end of the file
            }
            if (length < header || pos + length > bytes.length) {
                return false;
            }
            if (type == BOX_JP2C) {
                return length - header >= 2 && endsWithEoc(bytes, (int) (pos + length));
            }
            pos += length;
        }
        return false;
    }

    private static boolean endsWithEoc(byte[] bytes, int end) {
        return end >= 2 && (bytes[end - 2] & 0xFF) == 0xFF && (bytes[end - 1] & 0xFF) == 0xD9;
    }

    private static long u32(byte[] b, int offset) {
        return (b[offset] & 0xFFL) << 24 | (b[offset + 1] & 0xFFL) << 16 | (b[offset + 2] & 0xFFL) << 8
                | (b[offset + 3] & 0xFFL);
    }
}
