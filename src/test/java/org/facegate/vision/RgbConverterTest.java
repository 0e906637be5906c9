package org.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

class RgbConverterTest {

    private static final int[] COLOURS = {0xFF0000, 0x00FF00, 0x0000FF, 0x123456, 0xFEDCBA, 0x000000};

    @Test
    void eightBitRgbLayoutsKeepExactColoursInRgbOrder() {
        int[] types = {
            BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB,
            BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_BGR,
        };
        for (int type : types) {
            RgbImage rgb = RgbConverter.toRgb(row(type));
            assertArrayEquals(expectedRow(), rgb.rgb(), "image type " + type);
        }
    }

    @Test
    void subImagesSharingALargerRasterAreCopiedFromTheirOwnOrigin() {
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB}) {
            BufferedImage big = TestImages.solid(10, 8, TestImages.GREY, type);
            BufferedImage sub = big.getSubimage(3, 2, COLOURS.length, 1);
            for (int x = 0; x < COLOURS.length; x++) {
                sub.setRGB(x, 0, COLOURS[x]);
            }
            assertArrayEquals(expectedRow(), RgbConverter.toRgb(sub).rgb(), "image type " + type);
        }
    }

    @Test
    void grayscaleIsReplicatedWithoutGammaChange() {
        BufferedImage gray = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 77, 255});
        assertArrayEquals(bytes(0, 0, 0, 77, 77, 77, 255, 255, 255), RgbConverter.toRgb(gray).rgb());

        BufferedImage gray16 = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 77 * 257, 65535});
        assertArrayEquals(bytes(0, 0, 0, 77, 77, 77, 255, 255, 255), RgbConverter.toRgb(gray16).rgb());
    }

    @Test
    void oneBitImagesUseTheirPalette() {
        BufferedImage binary = new BufferedImage(9, 1, BufferedImage.TYPE_BYTE_BINARY);
        binary.setRGB(8, 0, 0xFFFFFF);
        RgbImage rgb = RgbConverter.toRgb(binary);
        assertEquals(0, rgb.channel(0, 0, 0));
        assertEquals(255, rgb.channel(8, 0, 1));
    }

    @Test
    void sixteenBitRgbIsRoundedToEightBits() {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(1, 1);
        raster.setPixel(0, 0, new int[] {65535, 129, 32896, 0}); // 129 / 257 = 0.502 rounds to 1; 32896 = 128 * 257
        assertArrayEquals(bytes(255, 1, 128), RgbConverter.toRgb(new BufferedImage(cm, raster, false, null)).rgb());
    }

    @Test
    void otherColourSpacesAreConvertedToSrgb() {
        ComponentColorModel linear = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB), false,
                false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = linear.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {255, 0, 0});
        raster.setPixel(1, 0, new int[] {55, 55, 55}); // linear 0.22 is about sRGB 0.5
        RgbImage rgb = RgbConverter.toRgb(new BufferedImage(linear, raster, false, null));
        assertTrue(rgb.channel(0, 0, 0) > 245 && rgb.channel(0, 0, 1) < 10 && rgb.channel(0, 0, 2) < 10,
                "red stays red");
        int mid = rgb.channel(1, 0, 1);
        assertTrue(mid > 115 && mid < 145, "linear 55 should brighten to about 128 in sRGB, got " + mid);
    }

    private static BufferedImage row(int type) {
        BufferedImage image = new BufferedImage(COLOURS.length, 1, type);
        for (int x = 0; x < COLOURS.length; x++) {
            image.setRGB(x, 0, 0xFF000000 | COLOURS[x]);
        }
        return image;
    }

    private static byte[] expectedRow() {
        byte[] rgb = new byte[COLOURS.length * 3];
        for (int x = 0; x < COLOURS.length; x++) {
            rgb[3 * x] = (byte) (COLOURS[x] >> 16);
            rgb[3 * x + 1] = (byte) (COLOURS[x] >> 8);
            rgb[3 * x + 2] = (byte) COLOURS[x];
        }
        return rgb;
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
