package org.facegate.vision;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Builds test images in code: pixels, encoded files, and hand-made or patched headers. */
final class TestImages {

    static final int RED = 0xFF0000;
    static final int GREEN = 0x00FF00;
    static final int BLUE = 0x0000FF;
    static final int WHITE = 0xFFFFFF;
    static final int GREY = 0x808080;

    private TestImages() {
    }

    /** A {@code width x height} image of one colour. */
    static BufferedImage solid(int width, int height, int rgb, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    /**
     * Grey image with a coloured {@code corner x corner} square in each corner: top-left red, top-right green,
     * bottom-left blue, bottom-right white. Large flat squares survive JPEG compression.
     */
    static BufferedImage corners(int width, int height, int corner) {
        BufferedImage image = solid(width, height, GREY, BufferedImage.TYPE_3BYTE_BGR);
        fill(image, 0, 0, corner, RED);
        fill(image, width - corner, 0, corner, GREEN);
        fill(image, 0, height - corner, corner, BLUE);
        fill(image, width - corner, height - corner, corner, WHITE);
        return image;
    }

    /** Seeded noise: compresses badly, so a JPEG of it has many entropy-coded bytes to cut. */
    static BufferedImage noise(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    private static void fill(BufferedImage image, int x0, int y0, int size, int rgb) {
        for (int y = y0; y < y0 + size; y++) {
            for (int x = x0; x < x0 + size; x++) {
                image.setRGB(x, y, rgb);
            }
        }
    }

    /** Encodes with ImageIO's default writer for {@code format} ("jpeg", "png", "jpeg2000", "gif"). */
    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no " + format + " writer for image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** JPEG at quality 0.95, so flat colours stay close to what was written. */
    static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.95f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A GIF with {@code frames} frames (more than one: an animated GIF). */
    static byte[] gif(BufferedImage... frames) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * A PNG assembled chunk by chunk (with valid CRC32s): the header claims {@code width x height}, 8-bit RGB,
     * and the IDAT holds {@code rows} (each row already prefixed with its filter byte), deflated.
     */
    static byte[] handMadePng(int width, int height, byte[] rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8)  // bit depth
                .put((byte) 2)  // colour type: truecolour
                .put((byte) 0)  // compression: deflate
                .put((byte) 0)  // filter method
                .put((byte) 0); // no interlace
        writeChunk(out, "IHDR", ihdr.array());
        writeChunk(out, "IDAT", deflate(rows));
        writeChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** A copy of {@code jpeg} whose first baseline or progressive SOF declares {@code width x height}. */
    static byte[] withSofSize(byte[] jpeg, int width, int height) {
        byte[] patched = jpeg.clone();
        int sof = findMarker(patched, 0xC0, 0xC2);
        // SOF: FF Cn, length (2), precision (1), height (2), width (2)
        patched[sof + 5] = (byte) (height >> 8);
        patched[sof + 6] = (byte) height;
        patched[sof + 7] = (byte) (width >> 8);
        patched[sof + 8] = (byte) width;
        return patched;
    }

    /** Number of components in the JPEG's SOF segment (3 for YCbCr, 4 for CMYK/YCCK). */
    static int sofComponents(byte[] jpeg) {
        return jpeg[findMarker(jpeg, 0xC0, 0xC2) + 9] & 0xFF;
    }

    /** Offset of the first marker segment {@code FF xx} with xx in {@code first..last}. */
    private static int findMarker(byte[] jpeg, int first, int last) {
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker >= first && marker <= last) {
                return pos;
            }
            pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
        }
        throw new IllegalArgumentException("no SOF marker");
    }

    /**
     * A copy of {@code jpeg} with an APP1 Exif segment right after SOI whose IFD0 holds only the orientation
     * tag, in big-endian ("MM") or little-endian ("II") byte order.
     */
    static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean bigEndian) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4)
                .order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
        tiff.put(bigEndian ? (byte) 'M' : (byte) 'I').put(bigEndian ? (byte) 'M' : (byte) 'I');
        tiff.putShort((short) 42).putInt(8);            // TIFF header, IFD0 at offset 8
        tiff.putShort((short) 1);                        // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1); // Orientation, SHORT, count 1
        tiff.putShort((short) orientation).putShort((short) 0);     // value, padded to 4 bytes
        tiff.putInt(0);                                  // no next IFD
        byte[] body = concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff.array());
        int length = body.length + 2;
        byte[] segment = concat(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length}, body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(segment);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /**
     * A copy of a JPEG 2000 file whose codestream SIZ segment declares {@code width x height} and tiles of
     * {@code tileSide x tileSide}; a JP2 file's header box keeps its original size.
     */
    static byte[] withSiz(byte[] jpeg2000, int width, int height, int tileSide) {
        byte[] patched = jpeg2000.clone();
        int siz = codestreamStart(patched) + 6; // after SOC, the SIZ marker and Lsiz
        ByteBuffer.wrap(patched, siz + 2, 32)
                .putInt(width).putInt(height)    // Xsiz, Ysiz
                .putInt(0).putInt(0)             // XOsiz, YOsiz
                .putInt(tileSide).putInt(tileSide) // XTsiz, YTsiz
                .putInt(0).putInt(0);            // XTOsiz, YTOsiz
        return patched;
    }

    /** The codestream inside a JP2 file, from its SOC marker (FF 4F FF 51) to the end. */
    static byte[] rawCodestream(byte[] jp2) {
        return java.util.Arrays.copyOfRange(jp2, codestreamStart(jp2), jp2.length);
    }

    private static int codestreamStart(byte[] jpeg2000) {
        for (int i = 0; i + 3 < jpeg2000.length; i++) {
            if ((jpeg2000[i] & 0xFF) == 0xFF && jpeg2000[i + 1] == 0x4F
                    && (jpeg2000[i + 2] & 0xFF) == 0xFF && jpeg2000[i + 3] == 0x51) {
                return i;
            }
        }
        throw new IllegalArgumentException("no JPEG 2000 codestream");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
