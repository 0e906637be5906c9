package org.facegate.pad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/**
 * The crop of {@link PadDescriptor.Resize#BILINEAR}, worked out by hand from upstream's {@code _get_new_box} and
 * OpenCV's {@code INTER_LINEAR} rule for 8-bit images: the whole-pixel SHIFT box near each edge of the photo and for
 * a box too large for it, and resized values, including the halves OpenCV's fixed-point arithmetic rounds down.
 */
class OpenCvBilinearTest {

    /** A 100x80 photo, face boxes of 20x20 scaled 2.7 (54x54) unless said. */
    private static OpenCvBilinear.PixelBox box(double x, double y, double w, double h, double scale) {
        return OpenCvBilinear.shiftBox(100, 80, x, y, w, h, scale);
    }

    @Test
    void theShiftBoxMovesInsideThePhotoAtEveryEdgeAndKeepsItsSize() {
        // Left: centre (12, 40), [-15, 39] moved right by 15 to [0, 54]; rows [13, 67] fit.
        assertEquals(new OpenCvBilinear.PixelBox(0, 13, 54, 67), box(2, 30, 20, 20, 2.7));
        // Right: centre 88, [61, 115] moved left by 16 to [45, 99] (the last column is W-1 = 99).
        assertEquals(new OpenCvBilinear.PixelBox(45, 13, 99, 67), box(78, 30, 20, 20, 2.7));
        // Top (the detector's box itself starts above the photo): centre y 8, [-19, 35] moved down to [0, 54].
        assertEquals(new OpenCvBilinear.PixelBox(23, 0, 77, 54), box(40, -2, 20, 20, 2.7));
        // Bottom: centre y 80, [53, 107] moved up by 28 to [25, 79].
        assertEquals(new OpenCvBilinear.PixelBox(23, 25, 77, 79), box(40, 70, 20, 20, 2.7));
        // Corner: both moves at once.
        assertEquals(new OpenCvBilinear.PixelBox(45, 25, 99, 79), box(78, 70, 20, 20, 2.7));
    }

    @Test
    void aBoxTooLargeForThePhotoIsScaledLessFirst() {
        // 50x60 at (10, 10): scale min(79/60, 99/50, 2.7) = 1.31667, 65.83 x 79 about (35, 40):
        // x [2.083, 67.917] -> 2, 67; y [0.5, 79.5] moved up by 0.5 to [0, 79].
        assertEquals(new OpenCvBilinear.PixelBox(2, 0, 67, 79), box(10, 10, 50, 60, 2.7));
        assertEquals(66, box(10, 10, 50, 60, 2.7).width(), "the right column is part of the region");
    }

    @Test
    void cornersAreTruncatedToWholePixels() {
        // 17.2 x 18.4 at (33.3, 20.6), scale 2: 34.4 x 36.8 about (41.9, 29.8): [24.7, 59.1] x [11.4, 48.2].
        assertEquals(new OpenCvBilinear.PixelBox(24, 11, 59, 48), box(33.3, 20.6, 17.2, 18.4, 2.0));
    }

    /** Red 10 x column, green 10 x row, blue {@code blue}. */
    private static byte[] ramps(int width, int height, int red, int green, int blue) {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                rgb[(y * width + x) * 3] = (byte) (red * x);
                rgb[(y * width + x) * 3 + 1] = (byte) (green * y);
                rgb[(y * width + x) * 3 + 2] = (byte) blue;
            }
        }
        return rgb;
    }

    private static int at(byte[] out, int n, int u, int v, int c) {
        return out[(v * n + u) * 3 + c] & 0xff;
    }

    @Test
    void shrinkingSixPixelsToFourReadsTwoNeighboursWithOpenCvsFixedPointRounding() {
        // 6 -> 4: output u samples (u + 0.5) * 1.5 - 0.5 = 0.25, 1.75, 3.25, 4.75 (weights 1536/512 or 512/1536 of
        // 2048). Red 10 x column: exact values 2.5, 17.5, 32.5, 47.5; OpenCV's vertical pass
        // ((b0 * (S0 >> 4)) >> 16) + ((b1 * (S1 >> 4)) >> 16) + 2 >> 2 drops each half: 2, 17, 32, 47.
        byte[] out = OpenCvBilinear.resize(ramps(6, 6, 10, 10, 100), 6, new OpenCvBilinear.PixelBox(0, 0, 5, 5), 4);
        int[] red = {2, 17, 32, 47};
        for (int v = 0; v < 4; v++) {
            for (int u = 0; u < 4; u++) {
                assertEquals(red[u], at(out, 4, u, v, 0), "red at " + u + "," + v);
                assertEquals(100, at(out, 4, u, v, 2), "blue is constant");
            }
        }
        // Green 10 x row, row 0: 0 x 1536 + 10 x 512 of 2048 = 2.5 exactly, computed (0 + 10 + 2) >> 2 = 3;
        // row 1: rows 1 and 2 at 512 / 1536: (10 + 60 + 2) >> 2 = 18 (17.5 exactly).
        assertEquals(3, at(out, 4, 0, 0, 1));
        assertEquals(18, at(out, 4, 2, 1, 1));
    }

    @Test
    void enlargingRepeatsTheEdgePixelsBeyondTheRegion() {
        // 2 -> 4: u samples -0.25 (pinned to column 0), 0.25, 0.75, 1.25 (pinned to the last column).
        // Red 200 x column: 0, 50, 150, 200.
        byte[] out = OpenCvBilinear.resize(ramps(2, 2, 200, 0, 0), 2, new OpenCvBilinear.PixelBox(0, 0, 1, 1), 4);
        assertArrayEquals(new int[] {0, 50, 150, 200},
                new int[] {at(out, 4, 0, 0, 0), at(out, 4, 1, 0, 0), at(out, 4, 2, 0, 0), at(out, 4, 3, 3, 0)});
    }

    @Test
    void aRegionInsideALargerPhotoReadsOnlyItsOwnPixels() {
        // Region columns 3..8 of a 12-wide photo: the same sampling as columns 0..5 shifted by 3 (red +30).
        byte[] out = OpenCvBilinear.resize(ramps(12, 10, 10, 10, 0), 12, new OpenCvBilinear.PixelBox(3, 2, 8, 7), 4);
        byte[] alone = OpenCvBilinear.resize(ramps(6, 6, 10, 10, 0), 6, new OpenCvBilinear.PixelBox(0, 0, 5, 5), 4);
        for (int u = 0; u < 4; u++) {
            assertEquals(at(alone, 4, u, 0, 0) + 30, at(out, 4, u, 0, 0), 1, "column " + u);
        }
    }

    @Test
    void padCropWithBilinearWritesTheResizedPixelsInTheModelsChannelOrder() {
        byte[] rgb = ramps(100, 80, 2, 3, 77);
        PadFace face = new PadFace(100, 80, rgb, 40, 30, 20, 20);
        PadDescriptor.Crop crop = new PadDescriptor.Crop(2.7, 16, PadDescriptor.Fill.SHIFT, PadDescriptor.Resize.BILINEAR);
        PadCrop c = new PadCrop(crop, new PadDescriptor.Normalisation(PadDescriptor.ChannelOrder.BGR, new float[3],
                new float[] {1, 1, 1}));
        FloatBuffer buf = FloatBuffer.allocate(c.floats());
        c.write(face, buf, 0);
        byte[] want = OpenCvBilinear.resize(rgb, 100, OpenCvBilinear.shiftBox(100, 80, 40, 30, 20, 20, 2.7), 16);
        for (int p = 0; p < 16 * 16; p++) {
            assertEquals(want[3 * p + 2] & 0xff, buf.get(p), "plane 0 is blue");
            assertEquals(want[3 * p + 1] & 0xff, buf.get(256 + p), "plane 1 is green");
            assertEquals(want[3 * p] & 0xff, buf.get(512 + p), "plane 2 is red");
        }
    }

    @Test
    void theResizeRuleIsReadWrittenAndDefaultsToAreaAveraging() throws IOException {
        PadDescriptor.Crop old = new PadDescriptor.Crop(2.7, 128, PadDescriptor.Fill.SHIFT);
        assertEquals(PadDescriptor.Resize.AREA_WHEN_SHRINKING, old.resizeRule());
        String json = "{\"schemaVersion\":1,\"id\":\"m\",\"onnx\":\"m.onnx\",\"input\":\"i\",\"output\":\"o\","
                + "\"crop\":{\"boxScale\":4.0,\"size\":80,\"fill\":\"SHIFT\"%s},"
                + "\"normalisation\":{\"order\":\"BGR\",\"mean\":[0,0,0],\"scale\":[1,1,1]},"
                + "\"score\":{\"kind\":\"SOFTMAX\",\"bonaFideIndex\":1},\"threshold\":0.5}";
        PadDescriptor before = PadDescriptor.parse(json.formatted(""));
        assertEquals(PadDescriptor.Resize.AREA_WHEN_SHRINKING, before.crop().resizeRule(), "a descriptor without it");
        assertTrue(!before.toJson().contains("resize"), "and it is written back as it was");
        PadDescriptor bilinear = PadDescriptor.parse(json.formatted(",\"resize\":\"BILINEAR\""));
        assertEquals(PadDescriptor.Resize.BILINEAR, bilinear.crop().resizeRule());
        assertEquals(bilinear.crop(), PadDescriptor.parse(bilinear.toJson()).crop(), "written and read back");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PadDescriptor.Crop(1.0, 64, PadDescriptor.Fill.CLAMP, PadDescriptor.Resize.BILINEAR));
        assertTrue(e.getMessage().contains("BILINEAR is defined for fill SHIFT only"), e.getMessage());
    }
}
