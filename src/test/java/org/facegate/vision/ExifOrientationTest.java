package org.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExifOrientationTest {

    private static final byte[] JPEG = TestImages.jpeg(TestImages.corners(16, 16, 4));

    /**
     * Stored 3x2 image, pixels labelled row by row: a b c / d e f. Each expectation is the upright image, as
     * the EXIF specification describes orientations 1..8, written out by hand.
     */
    private static final String[][] UPRIGHT = {
        null,
        {"abc", "def"},             // 1: as stored
        {"cba", "fed"},             // 2: mirrored horizontally
        {"fed", "cba"},             // 3: rotated 180
        {"def", "abc"},             // 4: mirrored vertically
        {"ad", "be", "cf"},         // 5: transposed
        {"da", "eb", "fc"},         // 6: rotated 90 clockwise
        {"fc", "eb", "da"},         // 7: transverse
        {"cf", "be", "ad"},         // 8: rotated 90 counter-clockwise
    };

    @Test
    void appliesEachOfTheEightOrientations() {
        RgbImage stored = labelled("abc", "def");
        for (int orientation = 1; orientation <= 8; orientation++) {
            RgbImage upright = ExifOrientation.apply(stored, orientation);
            assertArrayEquals(labelled(UPRIGHT[orientation]).rgb(), upright.rgb(), "orientation " + orientation);
            assertEquals(UPRIGHT[orientation][0].length(), upright.width(), "orientation " + orientation);
            assertEquals(UPRIGHT[orientation].length, upright.height(), "orientation " + orientation);
        }
    }

    @Test
    void outOfRangeOrientationLeavesTheImageAlone() {
        RgbImage stored = labelled("abc", "def");
        assertSame(stored, ExifOrientation.apply(stored, 0));
        assertSame(stored, ExifOrientation.apply(stored, 9));
    }

    @Test
    void readsTheTagInBothByteOrders() {
        for (int orientation = 1; orientation <= 8; orientation++) {
            assertEquals(orientation, ExifOrientation.read(TestImages.withExifOrientation(JPEG, orientation, true)));
            assertEquals(orientation, ExifOrientation.read(TestImages.withExifOrientation(JPEG, orientation, false)));
        }
    }

    @Test
    void missingOrMalformedExifMeansNormal() {
        assertEquals(ExifOrientation.NORMAL, ExifOrientation.read(JPEG));
        assertEquals(ExifOrientation.NORMAL, ExifOrientation.read(new byte[0]));
        assertEquals(ExifOrientation.NORMAL, ExifOrientation.read(TestImages.withExifOrientation(JPEG, 9, true)));

        byte[] withExif = TestImages.withExifOrientation(JPEG, 6, true);
        // Every prefix, and the Exif segment with each byte corrupted in turn, must read without failing.
        for (int cut = 0; cut < 60; cut++) {
            ExifOrientation.read(Arrays.copyOf(withExif, cut));
        }
        for (int i = 4; i < 4 + 2 + 6 + 26; i++) {
            byte[] broken = withExif.clone();
            broken[i] ^= (byte) 0xA5;
            int orientation = ExifOrientation.read(broken);
            assertTrue(orientation >= 1 && orientation <= 8, "byte " + i + ": " + orientation);
        }
        byte[] notTiff = withExif.clone();
        notTiff[12] = 'X'; // byte order mark "MM" becomes "XM"
        assertEquals(ExifOrientation.NORMAL, ExifOrientation.read(notTiff));
    }

    /** Rows of letters; letter L becomes pixel (L, 2L, 255 - L) so each pixel and channel is distinct. */
    private static RgbImage labelled(String... rows) {
        int width = rows[0].length();
        byte[] rgb = new byte[width * rows.length * 3];
        int i = 0;
        for (String row : rows) {
            for (char label : row.toCharArray()) {
                rgb[i++] = (byte) label;
                rgb[i++] = (byte) (2 * label);
                rgb[i++] = (byte) (255 - label);
            }
        }
        return new RgbImage(width, rows.length, rgb);
    }
}
