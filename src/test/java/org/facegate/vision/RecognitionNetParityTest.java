package org.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.facegate.inference.Embedding;
import org.facegate.testsupport.ReferenceFixture;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;

/**
 * The converted recognition network alone, on exactly the 150x150 inputs the original face-api saw, gives the
 * original's descriptors: this isolates conversion errors (layout, padding, dequantisation) from detection,
 * landmarks and alignment.
 */
class RecognitionNetParityTest {

    @Test
    void convertedRecognitionNetReproducesFaceApiDescriptorsWithin1e3() throws Exception {
        List<ReferenceFixture.Chip> chips = ReferenceFixture.load().chips();
        assertTrue(chips.size() >= 8, "fixture has the chips");
        double worstAbs = 0;
        double worstL2 = 0;
        for (ReferenceFixture.Chip chip : chips) {
            RgbImage img = readPng("/reference/" + chip.file());
            Embedding ours = TestModels.faceApiPipeline().embedder().embedChips(List.of(img))[0];
            Embedding reference = new Embedding(chip.descriptor());
            assertEquals(128, ours.dimension());
            float[] a = ours.values();
            float[] b = reference.values();
            for (int i = 0; i < a.length; i++) {
                worstAbs = Math.max(worstAbs, Math.abs(a[i] - b[i]));
            }
            worstL2 = Math.max(worstL2, ours.euclideanDistance(reference));
        }
        System.out.printf("recognition net parity over %d chips: max |diff| %.2e, max L2 %.2e%n", chips.size(),
                worstAbs, worstL2);
        assertTrue(worstAbs <= 1e-3, "max |diff| " + worstAbs);
        assertTrue(worstL2 <= 1e-3, "max L2 " + worstL2);
    }

    static RgbImage readPng(String resource) throws Exception {
        try (InputStream in = RecognitionNetParityTest.class.getResourceAsStream(resource)) {
            BufferedImage b = ImageIO.read(in);
            byte[] rgb = new byte[b.getWidth() * b.getHeight() * 3];
            int[] row = new int[b.getWidth()];
            for (int y = 0; y < b.getHeight(); y++) {
                b.getRGB(0, y, b.getWidth(), 1, row, 0, b.getWidth());
                for (int x = 0; x < row.length; x++) {
                    int i = (y * b.getWidth() + x) * 3;
                    rgb[i] = (byte) (row[x] >> 16);
                    rgb[i + 1] = (byte) (row[x] >> 8);
                    rgb[i + 2] = (byte) row[x];
                }
            }
            return new RgbImage(b.getWidth(), b.getHeight(), rgb);
        }
    }
}
