package org.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;

/**
 * The 68-point net's landmarks follow the box it is given; a second pass on a box made from the first pass's
 * points brings a poorly placed box's landmarks back to where a good box puts them.
 */
class FaceLandmarkerTest {

    @Test
    void theRefinedBoxFramesThePointsAsTheDetectorFramesAFace() {
        float[] xy = new float[136];
        for (int k = 0; k < 68; k++) {
            // points spread over x 150..250, y 110..190: extent 100 x 80, centre (200, 150)
            xy[2 * k] = 150 + 100f * (k % 17) / 16;
            xy[2 * k + 1] = 110 + 80f * (k % 5) / 4;
        }
        FaceBox box = FaceLandmarker.refinedBox(new Landmarks(xy));
        assertEquals(126.4, box.width(), 1e-3);
        assertEquals(97.76, box.height(), 1e-3);
        assertEquals(200, box.centerX(), 1e-3);
        assertEquals(150, box.centerY(), 1e-3);
    }

    @Test
    void aSecondPassUndoesMostOfAnOffsetBox() throws Exception {
        // the same face, its box shifted right and down by a tenth of its size: a poorly placed detection
        assertSecondPassRecovers(0.1, 1.0);
    }

    @Test
    void aSecondPassUndoesMostOfALooseBox() throws Exception {
        // the box 30 % larger about its centre: a loose detection
        assertSecondPassRecovers(0.0, 1.3);
    }

    private static void assertSecondPassRecovers(double shift, double grow) throws Exception {
        FacePipeline pipeline = TestModels.pipeline();
        RgbImage img = ((DecodeResult.Decoded) pipeline.decoder()
                .decode(Files.readAllBytes(TestModels.samplePhoto("sample1.jpg")))).image();
        FaceBox detected = pipeline.detector().detect(List.of(img), 416, 0.5).get(0).stream()
                .max((a, b) -> Double.compare(a.box().area(), b.box().area())).orElseThrow().box();
        FaceBox poor = new FaceBox(detected.x() + detected.width() * (shift - (grow - 1) / 2),
                detected.y() + detected.height() * (shift - (grow - 1) / 2),
                detected.width() * grow, detected.height() * grow);
        FaceLandmarker landmarker = pipeline.landmarker();
        Landmarks wanted = landmarker.landmarks(List.of(img), List.of(detected), 2)[0];
        double onePass = meanDistance(landmarker.landmarks(List.of(img), List.of(poor), 1)[0], wanted);
        double twoPasses = meanDistance(landmarker.landmarks(List.of(img), List.of(poor), 2)[0], wanted);
        double interEye = wanted.interEyeDistance();
        System.out.printf("poor box (shift %.2f, scale %.2f): landmarks %.2f px off after one pass, %.2f after two"
                + " (inter-eye %.1f px)%n", shift, grow, onePass, twoPasses, interEye);
        assertTrue(twoPasses < onePass / 3, "two passes " + twoPasses + " px vs one " + onePass + " px");
        assertTrue(twoPasses < 0.1 * interEye, "two passes land within 10 % of the inter-eye distance");
    }

    private static double meanDistance(Landmarks a, Landmarks b) {
        double sum = 0;
        for (int k = 0; k < Landmarks.COUNT; k++) {
            sum += Math.hypot(a.x(k) - b.x(k), a.y(k) - b.y(k));
        }
        return sum / Landmarks.COUNT;
    }
}
