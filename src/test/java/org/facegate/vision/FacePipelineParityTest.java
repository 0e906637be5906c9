package org.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.facegate.inference.Embedding;
import org.facegate.testsupport.ReferenceFixture;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our whole pipeline (converted ONNX networks, detector decoding and NMS, landmark mapping, recognition crop)
 * against the original face-api 1.7.15 on its own sample photos.
 * <ul>
 * <li>Fed the very pixels face-api saw (decoded by jpeg-js, checked by hash), every face, landmark and
 * descriptor is reproduced: any difference there is ours.</li>
 * <li>With our own JPEG decoder (ImageIO/TwelveMonkeys, whose chroma upsampling differs from jpeg-js by up to
 * 34 grey levels on about half the bytes) the results move slightly; this bounds that.</li>
 * </ul>
 */
class FacePipelineParityTest {

    private record Worst(int faces, double iou, double landmarks, double descriptor, double meanLandmarks,
            double meanDescriptor) {
    }

    @Test
    void onTheOriginalsPixelsEveryFaceLandmarkAndDescriptorIsReproduced(@TempDir Path tmp) throws Exception {
        Worst w = compare(tmp, true);
        System.out.printf("parity on jpeg-js pixels, %d faces: min IoU %.4f, max mean landmark distance %.4f px, "
                + "max descriptor distance %.5f%n", w.faces(), w.iou(), w.landmarks(), w.descriptor());
        assertTrue(w.iou() >= 0.99, "min IoU " + w.iou());
        assertTrue(w.landmarks() <= 0.05, "max mean landmark distance " + w.landmarks());
        assertTrue(w.descriptor() <= 1e-3, "max descriptor distance " + w.descriptor());
    }

    @Test
    void withOurOwnJpegDecoderEveryReferenceFaceIsFoundAndStaysClose(@TempDir Path tmp) throws Exception {
        Worst w = compare(tmp, false);
        System.out.printf("parity with our JPEG decoder, %d faces: min IoU %.4f, landmark distance mean %.3f px "
                + "(worst face %.3f), descriptor distance mean %.4f (worst face %.4f)%n", w.faces(), w.iou(),
                w.meanLandmarks(), w.landmarks(), w.meanDescriptor(), w.descriptor());
        assertTrue(w.iou() >= 0.8, "min IoU " + w.iou());
        assertTrue(w.meanLandmarks() <= 3.0, "mean landmark distance " + w.meanLandmarks());
        // Decoder noise alone: well under the 0.6 decision threshold, but larger than conversion error.
        assertTrue(w.meanDescriptor() <= 0.1, "mean descriptor distance " + w.meanDescriptor());
        assertTrue(w.descriptor() <= 0.2, "worst descriptor distance " + w.descriptor());
    }

    private static Worst compare(Path tmp, boolean originalsPixels) throws Exception {
        double worstIou = 1, worstLandmarks = 0, worstDescriptor = 0, sumLandmarks = 0, sumDescriptor = 0;
        int faces = 0;
        for (ReferenceFixture.Image ref : ReferenceFixture.load().images()) {
            Path jpeg = TestModels.samplePhoto(ref.file());
            List<FacePipeline.FoundFace> found;
            if (originalsPixels) {
                found = TestModels.faceApiPipeline().findAllFaces(decodeWithJpegJs(jpeg, ref, tmp));
            } else {
                FacePipeline.DecodeOr<List<FacePipeline.FoundFace>> r =
                        TestModels.faceApiPipeline().findAllFaces(Files.readAllBytes(jpeg));
                assertNull(r.failure(), ref.file() + " decodes");
                found = r.value();
            }
            assertEquals(ref.faces().size(), found.size(), ref.file() + ": number of faces");
            for (ReferenceFixture.Face want : ref.faces()) {
                FacePipeline.FoundFace best = found.stream()
                        .max((a, b) -> Double.compare(a.detection().box().iou(want.box()),
                                b.detection().box().iou(want.box())))
                        .orElseThrow();
                double lm = meanLandmarkDistance(best.landmarks(), want.landmarks());
                double d = best.embedding().euclideanDistance(new Embedding(want.descriptor()));
                worstIou = Math.min(worstIou, best.detection().box().iou(want.box()));
                worstLandmarks = Math.max(worstLandmarks, lm);
                worstDescriptor = Math.max(worstDescriptor, d);
                sumLandmarks += lm;
                sumDescriptor += d;
                faces++;
            }
        }
        assertTrue(faces >= 20, "the fixture holds 20 faces");
        return new Worst(faces, worstIou, worstLandmarks, worstDescriptor, sumLandmarks / faces,
                sumDescriptor / faces);
    }

    /** Decodes with jpeg-js through tools/models/jpeg-to-rgb.mjs and checks the pixels are face-api's. */
    private static RgbImage decodeWithJpegJs(Path jpeg, ReferenceFixture.Image ref, Path tmp) throws Exception {
        Path raw = tmp.resolve(ref.file() + ".rgb");
        Process p = new ProcessBuilder("node", "tools/models/jpeg-to-rgb.mjs", jpeg.toString(), raw.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "node jpeg-to-rgb.mjs failed: " + out);
        byte[] rgb = Files.readAllBytes(raw);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rgb));
        assertEquals(ref.decodedRgbSha256(), sha, "jpeg-js gives the pixels face-api saw for " + ref.file());
        return new RgbImage(ref.width(), ref.height(), rgb);
    }

    private static double meanLandmarkDistance(Landmarks ours, float[] reference) {
        double sum = 0;
        for (int k = 0; k < 68; k++) {
            sum += Math.hypot(ours.x(k) - reference[2 * k], ours.y(k) - reference[2 * k + 1]);
        }
        return sum / 68;
    }
}
