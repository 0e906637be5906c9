package org.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

    @Test
    void sniffsTheAcceptedFormatsFromTheirMagicBytes() {
        assertEquals(Optional.of(ImageFormat.JPEG), ImageFormat.sniff(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10)));
        assertEquals(Optional.of(ImageFormat.PNG),
                ImageFormat.sniff(bytes(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13)));
        assertEquals(Optional.of(ImageFormat.JPEG2000),
                ImageFormat.sniff(bytes(0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A, 0, 0)));
        assertEquals(Optional.of(ImageFormat.JPEG2000), ImageFormat.sniff(bytes(0xFF, 0x4F, 0xFF, 0x51, 0, 0x2F)));
    }

    @Test
    void incompleteMagicIsNotAFormat() {
        assertEquals(Optional.empty(), ImageFormat.sniff(bytes(0xFF, 0xD8)));
        assertEquals(Optional.empty(), ImageFormat.sniff(bytes(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A)));
        assertEquals(Optional.empty(), ImageFormat.sniff(bytes(0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20)));
        assertEquals(Optional.empty(), ImageFormat.sniff(new byte[0]));
        assertEquals(Optional.empty(), ImageFormat.sniff(null));
    }

    @Test
    void namesRecognisedButUnsupportedFormats() {
        assertEquals(Optional.of("GIF"), ImageFormat.unsupportedFormatName(ascii("GIF89a\u0010\u0000")));
        assertEquals(Optional.of("GIF"), ImageFormat.unsupportedFormatName(ascii("GIF87a\u0010\u0000")));
        assertEquals(Optional.of("TIFF"), ImageFormat.unsupportedFormatName(ascii("II*\u0000\u0008\u0000\u0000\u0000")));
        assertEquals(Optional.of("TIFF"), ImageFormat.unsupportedFormatName(ascii("MM\u0000*\u0000\u0000\u0000\u0008")));
        assertEquals(Optional.of("WebP"), ImageFormat.unsupportedFormatName(ascii("RIFF\u0024\u0000\u0000\u0000WEBPVP8 ")));
        assertEquals(Optional.of("HEIF/AVIF"),
                ImageFormat.unsupportedFormatName(ascii("\u0000\u0000\u0000\u0018ftypheic\u0000\u0000\u0000\u0000")));
        assertEquals(Optional.of("HEIF/AVIF"),
                ImageFormat.unsupportedFormatName(ascii("\u0000\u0000\u0000\u001Cftypavif\u0000\u0000\u0000\u0000")));
        assertEquals(Optional.of("JPEG XL"), ImageFormat.unsupportedFormatName(bytes(0xFF, 0x0A, 0xFA, 0x7F)));
        byte[] bmp = new byte[54];
        bmp[0] = 'B';
        bmp[1] = 'M';
        bmp[2] = 54;
        assertEquals(Optional.of("BMP"), ImageFormat.unsupportedFormatName(bmp));
    }

    @Test
    void acceptedFormatsAndUnknownBytesHaveNoUnsupportedName() {
        assertEquals(Optional.empty(), ImageFormat.unsupportedFormatName(bytes(0xFF, 0xD8, 0xFF, 0xE0)));
        assertEquals(Optional.empty(), ImageFormat.unsupportedFormatName(ascii("BM and then some text")));
        assertEquals(Optional.empty(), ImageFormat.unsupportedFormatName(ascii("GIF")));
        assertEquals(Optional.empty(), ImageFormat.unsupportedFormatName(null));
        Random random = new Random(5);
        for (int i = 0; i < 100; i++) {
            byte[] noise = new byte[64];
            random.nextBytes(noise);
            assertEquals(Optional.empty(), ImageFormat.sniff(noise));
            assertEquals(Optional.empty(), ImageFormat.unsupportedFormatName(noise));
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
