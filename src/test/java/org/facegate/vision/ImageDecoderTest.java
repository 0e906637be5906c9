package org.facegate.vision;

import static org.facegate.vision.TestImages.BLUE;
import static org.facegate.vision.TestImages.GREEN;
import static org.facegate.vision.TestImages.RED;
import static org.facegate.vision.TestImages.WHITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULTS);

    // ---- unreadable input -------------------------------------------------------------------------------

    @Test
    void emptyOrNullBytesAreUnreadable() {
        assertFailed(FaceProblem.UNREADABLE_IMAGE, decoder.decode(new byte[0]));
        assertFailed(FaceProblem.UNREADABLE_IMAGE, decoder.decode(null));
    }

    @Test
    void seededRandomBytesAreUnreadable() {
        Random random = new Random(20240601L);
        for (int i = 0; i < 50; i++) {
            byte[] bytes = new byte[1 + random.nextInt(4096)];
            random.nextBytes(bytes);
            assertFailed(FaceProblem.UNREADABLE_IMAGE, decoder.decode(bytes));
        }
    }

    @Test
    void magicBytesFollowedByGarbageAreUnreadable() {
        byte[] jpegMagicOnly = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3, 4, 5};
        byte[] pngMagicOnly = Arrays.copyOf(TestImages.encode(onePixel(RED), "png"), 8);
        byte[] j2kMagicOnly = {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51, 0, 0};
        assertFailed(FaceProblem.UNREADABLE_IMAGE, decoder.decode(jpegMagicOnly));
        assertFailed(FaceProblem.UNREADABLE_IMAGE, decoder.decode(pngMagicOnly));
        assertFailed(FaceProblem.UNREADABLE_IMAGE, decoder.decode(j2kMagicOnly));
    }

    @Test
    void truncatedJpegIsUnreadable() {
        byte[] jpeg = TestImages.jpeg(TestImages.noise(64, 64, 7));
        assertDecoded(decoder.decode(jpeg));

        DecodeResult.Failed failed = assertFailed(FaceProblem.UNREADABLE_IMAGE,
                decoder.decode(Arrays.copyOf(jpeg, jpeg.length / 2)));
        assertTrue(failed.detail().contains("truncated"), failed.detail());
    }

    @Test
    void jpegMissingOnlyItsEndMarkerIsUnreadable() {
        byte[] jpeg = TestImages.jpeg(TestImages.noise(64, 64, 8));
        assertFailed(FaceProblem.UNREADABLE_IMAGE, decoder.decode(Arrays.copyOf(jpeg, jpeg.length - 2)));
    }

    @Test
    void truncatedPngIsUnreadable() {
        byte[] png = TestImages.encode(TestImages.noise(64, 64, 9), "png");
        assertFailed(FaceProblem.UNREADABLE_IMAGE, decoder.decode(Arrays.copyOf(png, png.length / 2)));
    }

    @Test
    void truncatedJpeg2000IsUnreadable() {
        byte[] jp2 = TestImages.encode(TestImages.noise(64, 64, 10), "jpeg2000");
        byte[] codestream = TestImages.rawCodestream(jp2);
        assertDecoded(decoder.decode(codestream));

        assertFailed(FaceProblem.UNREADABLE_IMAGE, decoder.decode(Arrays.copyOf(jp2, jp2.length * 3 / 4)));
        assertFailed(FaceProblem.UNREADABLE_IMAGE, decoder.decode(Arrays.copyOf(codestream, codestream.length * 3 / 4)));
        // Cut right after the headers: JJ2000 alone would return a flat grey image without a warning.
        assertFailed(FaceProblem.UNREADABLE_IMAGE, decoder.decode(Arrays.copyOf(codestream, 300)));
    }

    // ---- limits ------------------------------------------------------------------------------------------

    @Test
    void bytesOverTheLimitAreTooLargeWithoutReadingPixels() {
        CountingReader reads = new CountingReader();
        byte[] jpegHeadedZeros = new byte[DecodeLimits.DEFAULT_MAX_BYTES + 1];
        jpegHeadedZeros[0] = (byte) 0xFF;
        jpegHeadedZeros[1] = (byte) 0xD8;
        jpegHeadedZeros[2] = (byte) 0xFF;
        assertFailed(FaceProblem.IMAGE_TOO_LARGE, new ImageDecoder(DecodeLimits.DEFAULTS, reads).decode(jpegHeadedZeros));

        byte[] jpeg = TestImages.jpeg(TestImages.noise(32, 32, 1));
        DecodeLimits tight = new DecodeLimits(jpeg.length - 1, 8000, 8000, 24_000_000L);
        assertFailed(FaceProblem.IMAGE_TOO_LARGE, new ImageDecoder(tight, reads).decode(jpeg));
        assertEquals(0, reads.count.get());
    }

    @Test
    void pngBombIsRefusedFromItsHeaderWithoutReadingPixels() {
        CountingReader reads = new CountingReader();
        ImageDecoder counting = new ImageDecoder(DecodeLimits.DEFAULTS, reads);
        // IHDR claims 60000 x 60000 (10.8 GB as RGB); the IDAT holds a few zero rows only.
        byte[] bomb = TestImages.handMadePng(60_000, 60_000, new byte[60_001 * 4]);

        DecodeResult.Failed failed = assertFailed(FaceProblem.IMAGE_TOO_LARGE, counting.decode(bomb));
        assertTrue(failed.detail().contains("60000x60000"), failed.detail());
        assertEquals(0, reads.count.get());

        // Control: the same hand-made encoding with honest dimensions decodes, through the counted reader.
        byte[] rows = {0, (byte) 255, 0, 0, 0, 0, (byte) 255}; // filter 0, then red, blue
        RgbImage image = assertDecoded(counting.decode(TestImages.handMadePng(2, 1, rows)));
        assertEquals(1, reads.count.get());
        assertColour(image, 0, 0, RED, 0);
        assertColour(image, 1, 0, BLUE, 0);
    }

    @Test
    void jpegWhoseSofClaimsAHugeSizeIsRefusedWithoutReadingPixels() {
        CountingReader reads = new CountingReader();
        ImageDecoder counting = new ImageDecoder(DecodeLimits.DEFAULTS, reads);
        byte[] jpeg = TestImages.jpeg(TestImages.noise(16, 16, 2));

        assertFailed(FaceProblem.IMAGE_TOO_LARGE, counting.decode(TestImages.withSofSize(jpeg, 60_000, 60_000)));
        assertFailed(FaceProblem.IMAGE_TOO_LARGE, counting.decode(TestImages.withSofSize(jpeg, 9_000, 16)));
        assertFailed(FaceProblem.IMAGE_TOO_LARGE, counting.decode(TestImages.withSofSize(jpeg, 16, 9_000)));
        assertFailed(FaceProblem.IMAGE_TOO_LARGE, counting.decode(TestImages.withSofSize(jpeg, 6_000, 6_000)));
        assertEquals(0, reads.count.get());
    }

    @Test
    void jpeg2000WhoseCodestreamClaimsAHugeSizeIsRefusedWithoutReadingPixels() {
        CountingReader reads = new CountingReader();
        ImageDecoder counting = new ImageDecoder(DecodeLimits.DEFAULTS, reads);
        byte[] jp2 = TestImages.encode(TestImages.noise(48, 32, 11), "jpeg2000");

        // The JP2 header box still says 48x32: only the codestream's SIZ segment tells the truth.
        assertFailed(FaceProblem.IMAGE_TOO_LARGE, counting.decode(TestImages.withSiz(jp2, 60_000, 60_000, 60_000)));
        assertFailed(FaceProblem.IMAGE_TOO_LARGE,
                counting.decode(TestImages.rawCodestream(TestImages.withSiz(jp2, 60_000, 60_000, 60_000))));
        // 4000 x 4000 fits the limits, but 1 x 1 tiles would be 16 million tiles (the standard allows 65535).
        assertFailed(FaceProblem.UNREADABLE_IMAGE, counting.decode(TestImages.withSiz(jp2, 4_000, 4_000, 1)));
        assertEquals(0, reads.count.get());
    }

    @Test
    void pixelCountLimitAppliesOnItsOwn() {
        ImageDecoder small = new ImageDecoder(new DecodeLimits(1 << 20, 100, 100, 399));
        assertFailed(FaceProblem.IMAGE_TOO_LARGE, small.decode(TestImages.encode(onePixelSized(20, 20), "png")));
        assertDecoded(small.decode(TestImages.encode(onePixelSized(19, 21), "png")));
    }

    // ---- colours and pixel layouts -----------------------------------------------------------------------

    @Test
    void onePixelJpegAndPngDecode() {
        RgbImage fromJpeg = assertDecoded(decoder.decode(TestImages.jpeg(onePixel(RED))), ImageFormat.JPEG);
        assertEquals(1, fromJpeg.width());
        assertEquals(1, fromJpeg.height());
        assertColour(fromJpeg, 0, 0, RED, 40);

        RgbImage fromPng = assertDecoded(decoder.decode(TestImages.encode(onePixel(RED), "png")), ImageFormat.PNG);
        assertColour(fromPng, 0, 0, RED, 0);
    }

    @Test
    void jpegKeepsColoursAndChannelOrder() {
        RgbImage image = assertDecoded(decoder.decode(TestImages.jpeg(TestImages.corners(64, 48, 16))), ImageFormat.JPEG);
        assertCorners(image, 64, 48, new int[] {RED, GREEN, BLUE, WHITE}, 24);
    }

    @Test
    void pngKeepsColoursExactly() {
        RgbImage image = assertDecoded(decoder.decode(TestImages.encode(TestImages.corners(64, 48, 16), "png")),
                ImageFormat.PNG);
        assertCorners(image, 64, 48, new int[] {RED, GREEN, BLUE, WHITE}, 0);
        assertColour(image, 32, 24, TestImages.GREY, 0);
    }

    @Test
    void jpeg2000FileAndRawCodestreamKeepColoursExactly() {
        byte[] jp2 = TestImages.encode(TestImages.corners(64, 48, 16), "jpeg2000");
        for (byte[] bytes : List.of(jp2, TestImages.rawCodestream(jp2))) {
            RgbImage image = assertDecoded(decoder.decode(bytes), ImageFormat.JPEG2000);
            assertCorners(image, 64, 48, new int[] {RED, GREEN, BLUE, WHITE}, 0);
        }
    }

    @Test
    void grayscalePngGivesEqualChannelsWithTheStoredValue() {
        BufferedImage gray = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 77);
        gray.getRaster().setSample(3, 1, 0, 200);
        RgbImage image = assertDecoded(decoder.decode(TestImages.encode(gray, "png")));
        assertColour(image, 0, 0, 0x4D4D4D, 0);
        assertColour(image, 3, 1, 0xC8C8C8, 0);
        assertColour(image, 1, 0, 0x000000, 0);
    }

    @Test
    void sixteenBitPngsAreReducedToEightBits() {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray.getRaster().setSample(0, 0, 0, 200 * 257);
        gray.getRaster().setSample(1, 0, 0, 65535);
        RgbImage grayImage = assertDecoded(decoder.decode(TestImages.encode(gray, "png")));
        assertColour(grayImage, 0, 0, 0xC8C8C8, 0);
        assertColour(grayImage, 1, 0, WHITE, 0);

        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {65535, 0, 0});
        raster.setPixel(1, 0, new int[] {10 * 257, 100 * 257, 250 * 257});
        RgbImage rgbImage = assertDecoded(decoder.decode(
                TestImages.encode(new BufferedImage(cm, raster, false, null), "png")));
        assertColour(rgbImage, 0, 0, RED, 0);
        assertColour(rgbImage, 1, 0, 0x0A64FA, 0);
    }

    @Test
    void pngWithAlphaKeepsTheStoredColourAndDropsAlpha() {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80FF0000); // half-transparent red
        argb.setRGB(1, 0, 0x0000FF00); // fully transparent green
        RgbImage image = assertDecoded(decoder.decode(TestImages.encode(argb, "png")));
        assertColour(image, 0, 0, RED, 0);
        assertColour(image, 1, 0, GREEN, 0);
    }

    @Test
    void palettePngIsLookedUp() {
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED);
        indexed.setRGB(0, 0, RED);
        indexed.setRGB(1, 0, BLUE);
        RgbImage image = assertDecoded(decoder.decode(TestImages.encode(indexed, "png")));
        assertColour(image, 0, 0, RED, 0);
        assertColour(image, 1, 0, BLUE, 0);
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws Exception {
        ColorSpace cmyk = com.twelvemonkeys.imageio.color.ColorSpaces.getColorSpace(
                com.twelvemonkeys.imageio.color.ColorSpaces.CS_GENERIC_CMYK);
        ComponentColorModel cm = new ComponentColorModel(cmyk, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(32, 16);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                // Left half red (no cyan, full magenta and yellow), right half blue (full cyan and magenta).
                raster.setPixel(x, y, x < 16 ? new int[] {0, 255, 255, 0} : new int[] {255, 255, 0, 0});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(new BufferedImage(cm, raster, false, null));
        } finally {
            writer.dispose();
        }
        byte[] jpeg = out.toByteArray();
        assertEquals(4, TestImages.sofComponents(jpeg), "the writer must produce a four-component JPEG");

        RgbImage image = assertDecoded(decoder.decode(jpeg), ImageFormat.JPEG);
        assertEquals(32, image.width());
        assertColourNear(image, 4, 8, RED, 60);
        assertColourNear(image, 28, 8, BLUE, 60);
    }

    // ---- EXIF orientation --------------------------------------------------------------------------------

    @Test
    void exifOrientation6TurnsThePhotoClockwise() {
        byte[] jpeg = TestImages.withExifOrientation(TestImages.jpeg(TestImages.corners(40, 24, 8)), 6, true);
        RgbImage image = assertDecoded(decoder.decode(jpeg));
        assertEquals(24, image.width());
        assertEquals(40, image.height());
        // Stored top-left (red) is now top-right; stored bottom-left (blue) is now top-left.
        assertCorners(image, 24, 40, new int[] {BLUE, RED, WHITE, GREEN}, 24);
    }

    @Test
    void exifOrientation3TurnsThePhotoUpsideDown() {
        byte[] jpeg = TestImages.withExifOrientation(TestImages.jpeg(TestImages.corners(40, 24, 8)), 3, false);
        RgbImage image = assertDecoded(decoder.decode(jpeg));
        assertEquals(40, image.width());
        assertEquals(24, image.height());
        assertCorners(image, 40, 24, new int[] {WHITE, BLUE, GREEN, RED}, 24);
    }

    // ---- unsupported formats -----------------------------------------------------------------------------

    @Test
    void gifIsUnsupported() {
        DecodeResult.Failed failed = assertFailed(FaceProblem.UNSUPPORTED_FORMAT,
                decoder.decode(TestImages.gif(TestImages.corners(16, 16, 4))));
        assertTrue(failed.detail().contains("GIF"), failed.detail());
    }

    @Test
    void animatedGifIsUnsupported() {
        byte[] animated = TestImages.gif(TestImages.corners(16, 16, 4), onePixelSized(16, 16));
        assertFailed(FaceProblem.UNSUPPORTED_FORMAT, decoder.decode(animated));
    }

    // ---- failure containment -----------------------------------------------------------------------------

    @Test
    void decoderExceptionsAndErrorsBecomeUnreadable() {
        byte[] png = TestImages.encode(onePixel(RED), "png");

        DecodeResult.Failed oom = assertFailed(FaceProblem.UNREADABLE_IMAGE, new ImageDecoder(DecodeLimits.DEFAULTS,
                (reader, param) -> {
                    throw new OutOfMemoryError("Java heap space");
                }).decode(png));
        assertTrue(oom.detail().contains("out of memory"), oom.detail());

        assertFailed(FaceProblem.UNREADABLE_IMAGE, new ImageDecoder(DecodeLimits.DEFAULTS, (reader, param) -> {
            throw new IllegalStateException("boom");
        }).decode(png));
        assertFailed(FaceProblem.UNREADABLE_IMAGE, new ImageDecoder(DecodeLimits.DEFAULTS, (reader, param) -> {
            throw new StackOverflowError();
        }).decode(png));
        assertFailed(FaceProblem.UNREADABLE_IMAGE,
                new ImageDecoder(DecodeLimits.DEFAULTS, (reader, param) -> null).decode(png));
    }

    @Test
    @Timeout(120)
    void corruptedFilesNeverThrow() {
        Random random = new Random(42);
        List<byte[]> originals = List.of(
                TestImages.jpeg(TestImages.corners(48, 32, 8)),
                TestImages.encode(TestImages.corners(48, 32, 8), "png"),
                TestImages.encode(TestImages.corners(48, 32, 8), "jpeg2000"));
        for (byte[] original : originals) {
            for (int i = 0; i < 40; i++) {
                byte[] mutated = original.clone();
                int flips = 1 + random.nextInt(8);
                for (int f = 0; f < flips; f++) {
                    mutated[3 + random.nextInt(mutated.length - 3)] = (byte) random.nextInt(256);
                }
                assertNotNull(decoder.decode(mutated));
            }
        }
    }

    // ---- subsampling and threads -------------------------------------------------------------------------

    @Test
    void maxSideSubsamplesSoTheLongerSideFits() {
        byte[] png = TestImages.encode(TestImages.corners(100, 50, 20), "png");

        RgbImage reduced = assertDecoded(decoder.decode(png, 30));
        assertEquals(25, reduced.width()); // step ceil(100 / 30) = 4
        assertEquals(13, reduced.height());
        assertColour(reduced, 0, 0, RED, 0);
        assertColour(reduced, 24, 12, WHITE, 0);

        RgbImage full = assertDecoded(decoder.decode(png, 100));
        assertEquals(100, full.width());
        assertEquals(50, full.height());

        assertThrows(IllegalArgumentException.class, () -> decoder.decode(png, 0));
    }

    @Test
    void concurrentDecodesGiveTheSameResultsAsSequentialOnes() throws Exception {
        List<byte[]> inputs = List.of(
                TestImages.jpeg(TestImages.noise(64, 48, 3)),
                TestImages.encode(TestImages.noise(64, 48, 4), "png"),
                TestImages.encode(TestImages.noise(32, 24, 5), "jpeg2000"));
        List<byte[]> expected = new ArrayList<>();
        for (byte[] input : inputs) {
            expected.add(assertDecoded(decoder.decode(input)).rgb());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int which = i % inputs.size();
                checks.add(pool.submit(() -> Arrays.equals(expected.get(which),
                        assertDecoded(decoder.decode(inputs.get(which))).rgb())));
            }
            for (Future<Boolean> check : checks) {
                assertTrue(check.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** Counts pixel reads, then reads as production does. */
    private static final class CountingReader implements ImageDecoder.PixelReader {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public BufferedImage read(javax.imageio.ImageReader reader, javax.imageio.ImageReadParam param)
                throws java.io.IOException {
            count.incrementAndGet();
            return reader.read(0, param);
        }
    }

    private static BufferedImage onePixel(int rgb) {
        return TestImages.solid(1, 1, rgb, BufferedImage.TYPE_3BYTE_BGR);
    }

    private static BufferedImage onePixelSized(int width, int height) {
        return TestImages.solid(width, height, TestImages.GREY, BufferedImage.TYPE_3BYTE_BGR);
    }

    private static RgbImage assertDecoded(DecodeResult result) {
        if (result instanceof DecodeResult.Failed failed) {
            fail("expected pixels, got " + failed.problem() + ": " + failed.detail());
        }
        return ((DecodeResult.Decoded) result).image();
    }

    private static RgbImage assertDecoded(DecodeResult result, ImageFormat format) {
        RgbImage image = assertDecoded(result);
        assertEquals(format, ((DecodeResult.Decoded) result).format());
        return image;
    }

    private static DecodeResult.Failed assertFailed(FaceProblem problem, DecodeResult result) {
        DecodeResult.Failed failed = assertInstanceOf(DecodeResult.Failed.class, result);
        assertEquals(problem, failed.problem(), failed.detail());
        return failed;
    }

    /** Checks the centre of each corner square: expected colours top-left, top-right, bottom-left, bottom-right. */
    private static void assertCorners(RgbImage image, int width, int height, int[] expected, int tolerance) {
        int inset = 3;
        assertColour(image, inset, inset, expected[0], tolerance);
        assertColour(image, width - 1 - inset, inset, expected[1], tolerance);
        assertColour(image, inset, height - 1 - inset, expected[2], tolerance);
        assertColour(image, width - 1 - inset, height - 1 - inset, expected[3], tolerance);
    }

    private static void assertColour(RgbImage image, int x, int y, int rgb, int tolerance) {
        int[] want = {rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF};
        int[] got = {image.channel(x, y, 0), image.channel(x, y, 1), image.channel(x, y, 2)};
        for (int c = 0; c < 3; c++) {
            if (Math.abs(want[c] - got[c]) > tolerance) {
                fail("pixel (" + x + ", " + y + "): expected RGB " + Arrays.toString(want) + " +/- " + tolerance
                        + ", got " + Arrays.toString(got));
            }
        }
    }

    /** Like assertColour, for colours that pass through a CMYK profile and so land near, not on, the target. */
    private static void assertColourNear(RgbImage image, int x, int y, int rgb, int tolerance) {
        assertColour(image, x, y, rgb, tolerance);
    }
}
