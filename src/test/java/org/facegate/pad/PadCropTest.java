package org.facegate.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/**
 * The face region a PAD model sees, on synthetic photos whose pixel values tell where they came from: red = 10 x
 * column, green = 10 x row, blue constant. A crop value is then the average column (or row) its footprint covers,
 * which the expectations below work out by hand.
 */
class PadCropTest {

    private static final float EPS = 1e-3f;
    private static final PadDescriptor.Normalisation RAW = new PadDescriptor.Normalisation(
            PadDescriptor.ChannelOrder.RGB, new float[3], new float[] {1, 1, 1});

    /** Red 10 x column, green 10 x row, blue {@code blue}. */
    private static byte[] ramps(int width, int height, int blue) {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = (y * width + x) * 3;
                rgb[p] = (byte) (10 * x);
                rgb[p + 1] = (byte) (10 * y);
                rgb[p + 2] = (byte) blue;
            }
        }
        return rgb;
    }

    /** The crop, channel-major (NCHW without the batch): [channel][row][column]. */
    private static float[][][] cut(PadFace face, PadDescriptor.Crop crop, PadDescriptor.Normalisation norm) {
        PadCrop c = new PadCrop(crop, norm);
        FloatBuffer out = FloatBuffer.allocate(c.floats());
        c.write(face, out, 0);
        int n = crop.size();
        float[][][] v = new float[3][n][n];
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    v[ch][y][x] = out.get(ch * n * n + y * n + x);
                }
            }
        }
        return v;
    }

    @Test
    void shrinkingByTwoAveragesEachTwoByTwoBlock() {
        // 16x16 photo, box = whole photo, 8x8 crop: output column u averages columns 2u and 2u+1.
        PadFace face = new PadFace(16, 16, ramps(16, 16, 77), 0, 0, 16, 16);
        float[][][] v = cut(face, new PadDescriptor.Crop(1.0, 8, PadDescriptor.Fill.CLAMP), RAW);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                assertEquals(20 * x + 5, v[0][y][x], EPS, "red: mean of 10*(2u) and 10*(2u+1)");
                assertEquals(20 * y + 5, v[1][y][x], EPS, "green: mean of 10*(2v) and 10*(2v+1)");
                assertEquals(77, v[2][y][x], EPS, "blue is constant");
            }
        }
    }

    @Test
    void shrinkingByAFractionWeighsEachPixelByTheShareOfTheFootprintItCovers() {
        // 12 columns onto 8: footprint 1.5 pixels. u=0 covers [0,1.5): column 0 whole, column 1 half.
        PadFace face = new PadFace(12, 12, ramps(12, 12, 0), 0, 0, 12, 12);
        float[][][] v = cut(face, new PadDescriptor.Crop(1.0, 8, PadDescriptor.Fill.CLAMP), RAW);
        assertEquals(10 * (0 * 1 + 1 * 0.5) / 1.5, v[0][0][0], EPS);
        // u=1 covers [1.5,3): column 1 half, column 2 whole.
        assertEquals(10 * (1 * 0.5 + 2 * 1) / 1.5, v[0][0][1], EPS);
        // u=7 covers [10.5,12): column 10 half, column 11 whole.
        assertEquals(10 * (10 * 0.5 + 11 * 1) / 1.5, v[0][0][7], EPS);
    }

    @Test
    void enlargingInterpolatesLinearlyBetweenPixelCentres() {
        // 4 columns onto 8: output u samples column (u + 0.5) / 2 - 0.5; before column 0 it repeats column 0.
        PadFace face = new PadFace(4, 4, ramps(4, 4, 0), 0, 0, 4, 4);
        float[][][] v = cut(face, new PadDescriptor.Crop(1.0, 8, PadDescriptor.Fill.CLAMP), RAW);
        float[] expected = {0, 2.5f, 7.5f, 12.5f, 17.5f, 22.5f, 27.5f, 30};
        for (int x = 0; x < 8; x++) {
            assertEquals(expected[x], v[0][3][x], EPS, "column " + x);
        }
    }

    @Test
    void clampKeepsTheEnlargedBoxInsideThePhoto() {
        // Box (8,8) 8x8 doubled about its centre (12,12) is [4,20): CLAMP cuts it to [4,16), 12 pixels onto 8.
        PadFace face = new PadFace(16, 16, ramps(16, 16, 0), 8, 8, 8, 8);
        float[][][] v = cut(face, new PadDescriptor.Crop(2.0, 8, PadDescriptor.Fill.CLAMP), RAW);
        // u=0 covers [4,5.5): column 4 whole, column 5 half; u=7 covers [14.5,16): column 14 half, column 15 whole.
        assertEquals(10 * (4 + 5 * 0.5) / 1.5, v[0][0][0], EPS);
        assertEquals(10 * (14 * 0.5 + 15) / 1.5, v[0][0][7], EPS);
        assertEquals(10 * (4 + 5 * 0.5) / 1.5, v[1][0][0], EPS, "rows clamp the same way");
        assertEquals(10 * (14 * 0.5 + 15) / 1.5, v[1][7][0], EPS);
    }

    @Test
    void replicateFillsBeyondThePhotoWithTheEdgePixel() {
        // The same box as above, not clamped: [4,20) onto 8, two columns each; [16,20) lies beyond the photo.
        PadFace face = new PadFace(16, 16, ramps(16, 16, 0), 8, 8, 8, 8);
        float[][][] v = cut(face, new PadDescriptor.Crop(2.0, 8, PadDescriptor.Fill.REPLICATE), RAW);
        assertEquals(10 * (4 + 5) / 2.0, v[0][0][0], EPS);
        assertEquals(10 * (14 + 15) / 2.0, v[0][0][5], EPS);
        assertEquals(150, v[0][0][6], EPS, "columns 16 and 17 repeat column 15");
        assertEquals(150, v[0][0][7], EPS, "columns 18 and 19 repeat column 15");
    }

    @Test
    void shiftScalesTheBoxDownToFitAndMovesItInsideThePhoto() {
        // 20x16 photo, box (10,4) 8x8, scale 2.7: 21.6 pixels do not fit 16 rows, so the scale becomes
        // min(2.7, (16-1)/8, (20-1)/8) = 1.875: a 15-pixel square about the centre (14,8), i.e. [6.5,21.5) x [0.5,15.5),
        // then moved inside: x0 = min(6.5, 20-1-15) = 4, y0 = min(0.5, 16-1-15) = 0. Footprint 15/8 = 1.875.
        PadFace face = new PadFace(20, 16, ramps(20, 16, 0), 10, 4, 8, 8);
        float[][][] v = cut(face, new PadDescriptor.Crop(2.7, 8, PadDescriptor.Fill.SHIFT), RAW);
        // u=0 covers [4,5.875): column 4 whole, column 5 for 0.875; u=7 covers [17.125,19): column 17 for 0.875, 18 whole.
        assertEquals(10 * (4 + 5 * 0.875) / 1.875, v[0][0][0], EPS);
        assertEquals(10 * (17 * 0.875 + 18) / 1.875, v[0][0][7], EPS);
        // v=0 covers rows [0,1.875); v=7 covers [13.125,15).
        assertEquals(10 * (0 + 1 * 0.875) / 1.875, v[1][0][0], EPS);
        assertEquals(10 * (13 * 0.875 + 14) / 1.875, v[1][7][0], EPS);
    }

    @Test
    void bgrOrderAndPerChannelNormalisationAreApplied() {
        // Solid red 200, green 100, blue 50; mean and scale are given in the model's channel order.
        byte[] rgb = new byte[10 * 10 * 3];
        for (int p = 0; p < 100; p++) {
            rgb[3 * p] = (byte) 200;
            rgb[3 * p + 1] = (byte) 100;
            rgb[3 * p + 2] = (byte) 50;
        }
        PadFace face = new PadFace(10, 10, rgb, 1, 1, 8, 8);
        PadDescriptor.Crop crop = new PadDescriptor.Crop(1.0, 8, PadDescriptor.Fill.CLAMP);
        float[] mean = {10, 20, 30};
        float[] scale = {1, 2, 0.5f};
        float[][][] bgr = cut(face, crop, new PadDescriptor.Normalisation(PadDescriptor.ChannelOrder.BGR, mean, scale));
        assertEquals((50 - 10) * 1, bgr[0][4][4], EPS, "channel 0 is blue");
        assertEquals((100 - 20) * 2, bgr[1][4][4], EPS, "channel 1 is green");
        assertEquals((200 - 30) * 0.5f, bgr[2][4][4], EPS, "channel 2 is red");
        float[][][] rgbOut = cut(face, crop, new PadDescriptor.Normalisation(PadDescriptor.ChannelOrder.RGB, mean, scale));
        assertEquals((200 - 10) * 1, rgbOut[0][4][4], EPS, "channel 0 is red");
        assertEquals((50 - 30) * 0.5f, rgbOut[2][4][4], EPS, "channel 2 is blue");
    }

    @Test
    void aFaceWrittenAtAnOffsetLeavesTheRestOfTheBatchAlone() {
        PadFace face = new PadFace(16, 16, ramps(16, 16, 77), 0, 0, 16, 16);
        PadCrop c = new PadCrop(new PadDescriptor.Crop(1.0, 8, PadDescriptor.Fill.CLAMP), RAW);
        assertEquals(3 * 8 * 8, c.floats());
        FloatBuffer batch = FloatBuffer.allocate(3 * c.floats());
        for (int i = 0; i < batch.capacity(); i++) {
            batch.put(i, -1);
        }
        c.write(face, batch, c.floats());
        for (int i = 0; i < c.floats(); i++) {
            assertEquals(-1, batch.get(i), "face 0 untouched");
            assertEquals(-1, batch.get(2 * c.floats() + i), "face 2 untouched");
        }
        assertEquals(5, batch.get(c.floats()), "face 1's first red value");
        assertEquals(77, batch.get(2 * c.floats() - 1), "face 1's last blue value");
    }
}
