package org.facegate.vision;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Copies a decoded {@link BufferedImage} into an {@link RgbImage}, reading the raster's arrays directly
 * rather than calling {@code getRGB} per pixel.
 *
 * <ul>
 *   <li>8-bit sRGB (e.g. {@code TYPE_3BYTE_BGR}, {@code TYPE_4BYTE_ABGR}, the {@code TYPE_CUSTOM} images of the
 *       PNG and JPEG 2000 readers) and packed-int RGB ({@code TYPE_INT_RGB}, {@code TYPE_INT_ARGB}): array copy.</li>
 *   <li>sRGB with other integer sample sizes (16-bit PNG): samples scaled to 8 bits, row by row.</li>
 *   <li>Grayscale of any integer depth: the sample is copied to R, G and B, with no gamma change.</li>
 *   <li>Palette images: looked up in the palette.</li>
 *   <li>Alpha is dropped: the stored colour is kept, as if the image were opaque.</li>
 *   <li>Anything else (other colour spaces such as an embedded ICC profile, CMYK, float samples): one
 *       colour-managed conversion to a {@code TYPE_3BYTE_BGR} image, then the array copy.</li>
 * </ul>
 */
final class RgbConverter {

    private RgbConverter() {
    }

    /** The pixels of {@code image} as 8-bit interleaved RGB. */
    static RgbImage toRgb(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel palette && isIntegral(raster)) {
            return fromPalette(raster, palette);
        }
        ColorSpace cs = cm.getColorSpace();
        if (cs.getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1 && isIntegral(raster)) {
            return fromSamples(raster, cm, new int[] {0, 0, 0});
        }
        if (cs.isCS_sRGB() && cm.getNumColorComponents() == 3 && !cm.isAlphaPremultiplied() && isIntegral(raster)) {
            RgbImage copied = fromInterleavedBytes(raster, cm);
            if (copied == null) {
                copied = fromPackedInts(raster, cm);
            }
            return copied != null ? copied : fromSamples(raster, cm, new int[] {0, 1, 2});
        }
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        new ColorConvertOp(null).filter(image, bgr);
        return fromInterleavedBytes(bgr.getRaster(), bgr.getColorModel());
    }

    private static boolean isIntegral(Raster raster) {
        int type = raster.getDataBuffer().getDataType();
        return type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT || type == DataBuffer.TYPE_INT;
    }

    /** Bands 0..2 (R, G, B), 8 bits each, interleaved in one byte array; null if the raster is laid out otherwise. */
    private static RgbImage fromInterleavedBytes(Raster raster, ColorModel cm) {
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || !(raster.getSampleModel() instanceof ComponentSampleModel sm)) {
            return null;
        }
        int bank = sm.getBankIndices()[0];
        for (int band = 0; band < 3; band++) {
            if (sm.getSampleSize(band) != 8 || cm.getComponentSize(band) != 8 || sm.getBankIndices()[band] != bank) {
                return null;
            }
        }
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] data = buffer.getData(bank);
        int pixelStride = sm.getPixelStride();
        int scanlineStride = sm.getScanlineStride();
        int[] bandOffsets = sm.getBandOffsets();
        int r = bandOffsets[0];
        int g = bandOffsets[1];
        int b = bandOffsets[2];
        int origin = buffer.getOffsets()[bank]
                + (raster.getMinY() - raster.getSampleModelTranslateY()) * scanlineStride
                + (raster.getMinX() - raster.getSampleModelTranslateX()) * pixelStride;
        byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int d = 0;
        for (int y = 0; y < h; y++) {
            int s = origin + y * scanlineStride;
            for (int x = 0; x < w; x++, s += pixelStride) {
                rgb[d++] = data[s + r];
                rgb[d++] = data[s + g];
                rgb[d++] = data[s + b];
            }
        }
        return new RgbImage(w, h, rgb);
    }

    /** Bands 0..2 as 8-bit fields of one int per pixel; null if the raster is laid out otherwise. */
    private static RgbImage fromPackedInts(Raster raster, ColorModel cm) {
        if (!(raster.getDataBuffer() instanceof DataBufferInt buffer)
                || !(raster.getSampleModel() instanceof SinglePixelPackedSampleModel sm)) {
            return null;
        }
        for (int band = 0; band < 3; band++) {
            if (sm.getSampleSize(band) != 8 || cm.getComponentSize(band) != 8) {
                return null;
            }
        }
        int[] shifts = sm.getBitOffsets();
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[] data = buffer.getData();
        int scanlineStride = sm.getScanlineStride();
        int origin = buffer.getOffset()
                + (raster.getMinY() - raster.getSampleModelTranslateY()) * scanlineStride
                + (raster.getMinX() - raster.getSampleModelTranslateX());
        byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int d = 0;
        for (int y = 0; y < h; y++) {
            int s = origin + y * scanlineStride;
            for (int x = 0; x < w; x++) {
                int pixel = data[s + x];
                rgb[d++] = (byte) (pixel >>> shifts[0]);
                rgb[d++] = (byte) (pixel >>> shifts[1]);
                rgb[d++] = (byte) (pixel >>> shifts[2]);
            }
        }
        return new RgbImage(w, h, rgb);
    }

    /** Any integer layout: one row of samples per band at a time, scaled from the band's bit depth to 8 bits. */
    private static RgbImage fromSamples(Raster raster, ColorModel cm, int[] bands) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int x0 = raster.getMinX();
        int y0 = raster.getMinY();
        SampleModel sm = raster.getSampleModel();
        byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int[] row = new int[w];
        for (int c = 0; c < 3; c++) {
            int bits = Math.min(sm.getSampleSize(bands[c]), cm.getComponentSize(bands[c]));
            long max = (1L << bits) - 1;
            for (int y = 0; y < h; y++) {
                raster.getSamples(x0, y0 + y, w, 1, bands[c], row);
                int d = y * w * 3 + c;
                for (int x = 0; x < w; x++, d += 3) {
                    long v = row[x] & 0xFFFFFFFFL;
                    rgb[d] = (byte) (bits == 8 ? v : (Math.min(v, max) * 255 + max / 2) / max);
                }
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private static RgbImage fromPalette(Raster raster, IndexColorModel palette) {
        int size = palette.getMapSize();
        byte[] reds = new byte[size];
        byte[] greens = new byte[size];
        byte[] blues = new byte[size];
        palette.getReds(reds);
        palette.getGreens(greens);
        palette.getBlues(blues);
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int[] row = new int[w];
        int d = 0;
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int index = row[x] >= 0 && row[x] < size ? row[x] : size - 1; // out of range: last entry
                rgb[d++] = reds[index];
                rgb[d++] = greens[index];
                rgb[d++] = blues[index];
            }
        }
        return new RgbImage(w, h, rgb);
    }
}
