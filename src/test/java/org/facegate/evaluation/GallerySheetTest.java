package org.facegate.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.facegate.vision.FaceBox;
import org.facegate.vision.Landmarks;
import org.facegate.vision.RgbImage;
import org.junit.jupiter.api.Test;

/**
 * A two-row sheet from synthetic photos and chips, through PNG and back: its size follows the layout, and the box,
 * landmarks, chips and row strips are drawn where the layout puts them.
 */
class GallerySheetTest {

    private static RgbImage plain(int size, int r, int g, int b) {
        byte[] px = new byte[size * size * 3];
        for (int i = 0; i < px.length; i += 3) {
            px[i] = (byte) r;
            px[i + 1] = (byte) g;
            px[i + 2] = (byte) b;
        }
        return new RgbImage(size, size, px);
    }

    private static Landmarks allAt(float x, float y) {
        float[] xy = new float[2 * Landmarks.COUNT];
        for (int i = 0; i < Landmarks.COUNT; i++) {
            xy[2 * i] = x;
            xy[2 * i + 1] = y;
        }
        return new Landmarks(xy);
    }

    private static BufferedImage throughPng(BufferedImage img) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertNotNull(back, "the PNG decodes");
        return back;
    }

    private static void assertColour(Color want, BufferedImage img, int x, int y, String what) {
        assertEquals(want.getRGB() & 0xffffff, img.getRGB(x, y) & 0xffffff, what + " at (" + x + ", " + y + ")");
    }

    @Test
    void boxLandmarksChipsAndStripsAreDrawnWhereTheLayoutPutsThem() throws Exception {
        List<RgbImage> chips = List.of(plain(150, 200, 0, 0), plain(112, 0, 0, 200));
        GalleryPhoto a = new GalleryPhoto("A/A_0001.jpg", plain(250, 100, 100, 100), new FaceBox(50, 60, 100, 120),
                allAt(125, 130), chips, null);
        // Half LFW's size: drawn twice as large, box and landmarks with it.
        GalleryPhoto b = new GalleryPhoto("B/B_0001.jpg", plain(125, 90, 90, 90), new FaceBox(10, 10, 50, 50),
                allAt(30, 35), chips, null);
        GalleryPhoto missing = GalleryPhoto.failed("C/C_0001.jpg", null, "MISSING_FILE");
        List<GallerySheet.Row> rows = List.of(
                new GallerySheet.Row(FailureRanking.Kind.ERROR, a, b, List.of("#1 ERROR", "distance 0.9")),
                new GallerySheet.Row(FailureRanking.Kind.FAILED_IMAGE, missing, a, List.of("#2 FAILED PHOTO")));
        BufferedImage sheet = throughPng(GallerySheet.draw("test sheet", List.of("m1", "m2"), rows));

        int rowHeight = GallerySheet.PHOTO + GallerySheet.MARGIN;
        assertEquals(GallerySheet.HEADER + 2 * rowHeight, sheet.getHeight(), "title line + 2 rows");
        int cell = GallerySheet.MARGIN;
        assertEquals(GallerySheet.STRIP + cell + 2 * (GallerySheet.PHOTO + cell) + 4 * (GallerySheet.CHIP + cell)
                + GallerySheet.LABEL_WIDTH + cell, sheet.getWidth(), "strip, 2 photos, 2 chips per member, label");

        int x0 = GallerySheet.photoX(0);
        int y0 = GallerySheet.rowY(0);
        assertColour(GallerySheet.BOX, sheet, x0 + 50, y0 + 120, "left edge of the box");
        assertColour(GallerySheet.BOX, sheet, x0 + 150, y0 + 120, "right edge of the box");
        assertColour(GallerySheet.BOX, sheet, x0 + 100, y0 + 60, "top edge of the box");
        assertColour(GallerySheet.BOX, sheet, x0 + 100, y0 + 180, "bottom edge of the box");
        assertColour(new Color(100, 100, 100), sheet, x0 + 80, y0 + 100, "the photo inside the box");
        assertColour(GallerySheet.LANDMARK, sheet, x0 + 125, y0 + 130, "a landmark");
        int x1 = GallerySheet.photoX(1);
        assertColour(GallerySheet.BOX, sheet, x1 + 20, y0 + 70, "the scaled photo's box");
        assertColour(GallerySheet.LANDMARK, sheet, x1 + 60, y0 + 70, "the scaled photo's landmark");
        assertColour(new Color(200, 0, 0), sheet, GallerySheet.chipX(0, 0) + 75, y0 + 75, "first member's chip");
        assertColour(new Color(0, 0, 200), sheet, GallerySheet.chipX(1, 1) + 140, y0 + 140,
                "second member's 112 px chip, scaled to the chip cell");
        assertColour(GallerySheet.STRIP_COLOURS[FailureRanking.Kind.ERROR.ordinal()], sheet, 2, y0 + 100,
                "error strip");
        int y1 = GallerySheet.rowY(1);
        assertColour(GallerySheet.STRIP_COLOURS[FailureRanking.Kind.FAILED_IMAGE.ordinal()], sheet, 2, y1 + 100,
                "failed-photo strip");
        assertColour(GallerySheet.MISSING, sheet, x0 + 100, y1 + 100, "an unreadable photo");
        assertColour(GallerySheet.MISSING, sheet, GallerySheet.chipX(0, 0) + 75, y1 + 75, "its missing chip");
    }

    @Test
    void aSingleModelSheetHasOneChipPairPerRow() {
        GalleryPhoto a = new GalleryPhoto("A/A_0001.jpg", plain(250, 100, 100, 100), null, null,
                List.of(plain(150, 1, 2, 3)), null);
        GallerySheet.Row row = new GallerySheet.Row(FailureRanking.Kind.CORRECT, a, a, List.of("x"));
        List<GallerySheet.Row> rows = Arrays.asList(row, row, row);
        BufferedImage sheet = GallerySheet.draw("one model", List.of("m1"), rows);
        assertEquals(GallerySheet.chipX(1, 0) + GallerySheet.LABEL_WIDTH + GallerySheet.MARGIN, sheet.getWidth());
        assertEquals(GallerySheet.rowY(3), sheet.getHeight());
    }
}
