package org.facegate.vision;

import java.util.Optional;

/**
 * What a JPEG 2000 file's codestream header (the SIZ marker segment) declares, and whether the codestream is
 * complete, read straight from the bytes before any decoder sees them.
 *
 * <p>Why not trust the reader: for a JP2 file jai-imageio reports the size from the JP2 header box, while the
 * JJ2000 decoder allocates what the codestream's SIZ declares; a file whose two sizes disagree got past the
 * header check and exhausted the heap. And JPEG 2000 is designed so that a cut-off codestream still decodes,
 * only blurrier: JJ2000 does that without any warning (or, cut elsewhere, prints a stack trace and throws
 * {@code ThreadDeath}). FaceGate treats a cut-off photo as unreadable, for JPEG 2000 as for JPEG, so the
 * codestream must end with the end-of-codestream marker {@code FF D9} that ISO/IEC 15444-1 requires.
 *
 * @param width      Xsiz - XOsiz, the image width on the reference grid
 * @param height     Ysiz - YOsiz
 * @param tiles      number of tiles the SIZ tiling implies (the standard allows at most 65535)
 * @param components number of image components (Csiz)
 * @param complete   whether the codestream ends with {@code FF D9}
 */
record Jpeg2000Codestream(long width, long height, long tiles, int components, boolean complete) {

    /** Most tiles a codestream may have: tile indices (Isot) are 16-bit. */
    static final long MAX_TILES = 65_535;

    private static final int BOX_JP2C = 0x6A703263; // "jp2c", the contiguous codestream box
    private static final int SOC_SIZ = 0xFF4FFF51;

    /**
     * The codestream header of {@code bytes}, a JP2 file or a raw J2K codestream; empty when there is no
     * codestream, it is cut off inside its box or header, or the SIZ values are inconsistent.
     */
    static Optional<Jpeg2000Codestream> read(byte[] bytes) {
        if (bytes.length >= 4 && (int) u32(bytes, 0) == SOC_SIZ) {
            return parse(bytes, 0, bytes.length);
        }
        long pos = 0;
        while (pos + 8 <= bytes.length) {
            int at = (int) pos;
            long length = u32(bytes, at);
            int type = (int) u32(bytes, at + 4);
            int header = 8;
            if (length == 1) {
                if (pos + 16 > bytes.length) {
                    return Optional.empty();
                }
                length = u32(bytes, at + 8) << 32 | u32(bytes, at + 12);
                header = 16;
            } else if (length == 0) {
                length = bytes.length - pos; // the last box runs to the end of the file
            }
            if (length < header || pos + length > bytes.length) {
                return Optional.empty();
            }
            if (type == BOX_JP2C) {
                return parse(bytes, at + header, (int) (pos + length));
            }
            pos += length;
        }
        return Optional.empty();
    }

    /** SOC, then SIZ: Lsiz Rsiz Xsiz Ysiz XOsiz YOsiz XTsiz YTsiz XTOsiz YTOsiz Csiz, big-endian. */
    private static Optional<Jpeg2000Codestream> parse(byte[] b, int start, int end) {
        if (end - start < 4 + 40 || (int) u32(b, start) != SOC_SIZ) {
            return Optional.empty();
        }
        int siz = start + 6; // after SOC, the SIZ marker and Lsiz
        long xsiz = u32(b, siz + 2);
        long ysiz = u32(b, siz + 6);
        long xoffset = u32(b, siz + 10);
        long yoffset = u32(b, siz + 14);
        long tileWidth = u32(b, siz + 18);
        long tileHeight = u32(b, siz + 22);
        long tileXoffset = u32(b, siz + 26);
        long tileYoffset = u32(b, siz + 30);
        int components = (b[siz + 34] & 0xFF) << 8 | (b[siz + 35] & 0xFF);
        if (xsiz <= xoffset || ysiz <= yoffset || tileWidth == 0 || tileHeight == 0
                || tileXoffset > xoffset || tileYoffset > yoffset || components == 0) {
            return Optional.empty();
        }
        long across = ceilDiv(xsiz - tileXoffset, tileWidth);
        long down = ceilDiv(ysiz - tileYoffset, tileHeight);
        long tiles = across > MAX_TILES || down > MAX_TILES ? Long.MAX_VALUE : across * down;
        boolean complete = (b[end - 2] & 0xFF) == 0xFF && (b[end - 1] & 0xFF) == 0xD9;
        return Optional.of(new Jpeg2000Codestream(xsiz - xoffset, ysiz - yoffset, tiles, components, complete));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static long u32(byte[] b, int offset) {
        return (b[offset] & 0xFFL) << 24 | (b[offset + 1] & 0xFFL) << 16 | (b[offset + 2] & 0xFFL) << 8
                | (b[offset + 3] & 0xFFL);
    }
}
