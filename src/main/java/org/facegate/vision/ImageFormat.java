package org.facegate.vision;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The encoded formats FaceGate decodes, recognised by their leading magic bytes (never by a file name or a
 * declared content type).
 */
public enum ImageFormat {
    /** JPEG / JFIF / Exif: starts with {@code FF D8 FF}. */
    JPEG,
    /** PNG: starts with {@code 89 50 4E 47 0D 0A 1A 0A}. */
    PNG,
    /**
     * JPEG 2000, as a JP2 file (signature box {@code 00 00 00 0C 6A 50 20 20 0D 0A 87 0A}) or a raw J2K
     * codestream ({@code FF 4F FF 51}); ICAO 9303 passport chips may carry either.
     */
    JPEG2000;

    private static final byte[] JPEG_MAGIC = bytes(0xFF, 0xD8, 0xFF);
    private static final byte[] PNG_MAGIC = bytes(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
    private static final byte[] JP2_MAGIC = bytes(0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A);
    private static final byte[] J2K_MAGIC = bytes(0xFF, 0x4F, 0xFF, 0x51);
    private static final byte[] JXL_CONTAINER_MAGIC =
            bytes(0x00, 0x00, 0x00, 0x0C, 0x4A, 0x58, 0x4C, 0x20, 0x0D, 0x0A, 0x87, 0x0A);

    /** The format whose magic bytes {@code bytes} starts with; empty for anything else, including null. */
    public static Optional<ImageFormat> sniff(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        if (startsWith(bytes, 0, JPEG_MAGIC)) {
            return Optional.of(JPEG);
        }
        if (startsWith(bytes, 0, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        if (startsWith(bytes, 0, JP2_MAGIC) || startsWith(bytes, 0, J2K_MAGIC)) {
            return Optional.of(JPEG2000);
        }
        return Optional.empty();
    }

    /**
     * The name of a well-known image format that FaceGate recognises but does not accept (GIF, BMP, TIFF, WebP,
     * HEIF/AVIF, JPEG XL), so callers can answer UNSUPPORTED_FORMAT rather than UNREADABLE_IMAGE; empty when
     * {@code bytes} is not one of those.
     */
    public static Optional<String> unsupportedFormatName(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        if (startsWithAscii(bytes, 0, "GIF87a") || startsWithAscii(bytes, 0, "GIF89a")) {
            return Optional.of("GIF");
        }
        if (startsWithAscii(bytes, 0, "II*\0") || startsWithAscii(bytes, 0, "MM\0*")
                || startsWithAscii(bytes, 0, "II+\0") || startsWithAscii(bytes, 0, "MM\0+")) {
            return Optional.of("TIFF");
        }
        if (startsWithAscii(bytes, 0, "RIFF") && startsWithAscii(bytes, 8, "WEBP")) {
            return Optional.of("WebP");
        }
        if (startsWithAscii(bytes, 4, "ftyp")) {
            // ISO base media file: HEIC, HEIF, AVIF (and video, which is no photo either).
            return Optional.of("HEIF/AVIF");
        }
        if (startsWith(bytes, 0, JXL_CONTAINER_MAGIC) || startsWith(bytes, 0, bytes(0xFF, 0x0A))) {
            return Optional.of("JPEG XL");
        }
        // "BM" alone is too weak a signature; the four reserved header bytes after the file size are zero.
        if (startsWithAscii(bytes, 0, "BM") && bytes.length >= 26 && startsWith(bytes, 6, new byte[4])) {
            return Optional.of("BMP");
        }
        return Optional.empty();
    }

    private static boolean startsWithAscii(byte[] bytes, int offset, String magic) {
        return startsWith(bytes, offset, magic.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] magic) {
        if (bytes.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (bytes[offset + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
