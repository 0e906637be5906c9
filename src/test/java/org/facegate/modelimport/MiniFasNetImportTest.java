package org.facegate.modelimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facegate.inference.ExecutionProvider;
import org.facegate.inference.InferenceSettings;
import org.facegate.inference.OnnxRuntime;
import org.facegate.pad.PadCrop;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PadFusionCoefficients;
import org.facegate.pad.PadFace;
import org.facegate.pad.PadScore;
import org.facegate.pad.PresentationAttackDetector;
import org.facegate.testsupport.SharedDatasets;
import org.facegate.testsupport.TestModels;
import org.facegate.vision.DecodeLimits;
import org.facegate.vision.DecodeResult;
import org.facegate.vision.FaceBox;
import org.facegate.vision.FaceFinder;
import org.facegate.vision.ImageDecoder;
import org.facegate.vision.RgbImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two MiniFASNet PAD descriptors the build writes: each loads, opens on its own ONNX file and scores a real face
 * photo; and the descriptor's crop (SHIFT box, BILINEAR resize, BGR 0-255) cut by FaceGate's own code from the
 * parity crops' source photos in {@code ../shared} gives upstream's crop boxes and the crops' pixels.
 */
class MiniFasNetImportTest {

    @ParameterizedTest
    @CsvSource({"minifasnet-v2.pad.json, 2.7", "minifasnet-v1se.pad.json, 4.0"})
    void theBuildsDescriptorOpensAloneAndScoresARealFace(String file, double boxScale) throws IOException {
        Path path = TestModels.modelsDir().resolve(file);
        PadDescriptor d = PadDescriptor.load(path);
        assertEquals(new PadDescriptor.Crop(boxScale, 80, PadDescriptor.Fill.SHIFT, PadDescriptor.Resize.BILINEAR),
                d.crop());
        assertEquals(PadDescriptor.ChannelOrder.BGR, d.normalisation().order());
        assertEquals(new PadDescriptor.ScoreRule(PadDescriptor.ScoreRule.Kind.SOFTMAX, 1), d.score());
        PadFusionCoefficients committed = PadFusionCoefficients.shipped();
        double expected = committed == null ? MiniFasNetImport.THRESHOLD : committed.aloneThreshold(d.id());
        assertEquals(expected, d.threshold(), "the threshold train-pad-fusion chose for this net alone");
        assertTrue(d.calibration().contains(committed == null ? "not calibrated" : "alone"), d.calibration());
        PadFace face = sampleFace();
        try (PresentationAttackDetector pad = PresentationAttackDetector.open(new OnnxRuntime(
                InferenceSettings.DEFAULTS.withProvider(ExecutionProvider.CPU)), path)) {
            List<PadScore> scores = pad.score(List.of(face, face));
            PadScore s = scores.get(0);
            assertTrue(s.score() >= 0 && s.score() <= 1, s.toString());
            assertEquals(d.id(), s.modelId());
            assertEquals(expected, s.threshold());
            assertEquals(s.score(), scores.get(1).score(), 1e-6, "the same face twice in a batch scores the same");
        }
    }

    /** The face the pipeline chooses in the first of face-api's sample photos that has one face. */
    private static PadFace sampleFace() throws IOException {
        for (int i = 1; i <= 6; i++) {
            RgbImage img = ((DecodeResult.Decoded) TestModels.pipeline().decoder()
                    .decode(Files.readAllBytes(TestModels.samplePhoto("sample" + i + ".jpg")))).image();
            if (TestModels.pipeline().finder().find(List.of(img)).get(0) instanceof FaceFinder.Chosen c) {
                FaceBox b = c.detection().box();
                return new PadFace(img.width(), img.height(), img.rgb(), b.x(), b.y(), b.width(), b.height());
            }
        }
        throw new AssertionError("no sample photo with one face");
    }

    @ParameterizedTest
    @CsvSource({"MiniFASNetV2-2.7_80x80, 2.7", "MiniFASNetV1SE-4.0_80x80, 4.0"})
    void theDescriptorsCropOfEachSourcePhotoIsUpstreamsCrop(String net, double boxScale) throws IOException {
        Path dir = SharedDatasets.minifasnetParity();
        JsonNode cases = new ObjectMapper().readTree(dir.resolve("expected.json").toFile()).get("cases");
        PadDescriptor.Crop crop = new PadDescriptor.Crop(boxScale, 80, PadDescriptor.Fill.SHIFT,
                PadDescriptor.Resize.BILINEAR);
        PadCrop cutter = new PadCrop(crop, new PadDescriptor.Normalisation(PadDescriptor.ChannelOrder.BGR,
                new float[3], new float[] {1, 1, 1}));
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULTS);
        int values = 0;
        int differing = 0;
        double maxDiff = 0;
        for (JsonNode c : cases) {
            String source = c.get("source").asText();
            Path photo = source.startsWith("datasets/lfw/")
                    ? SharedDatasets.lfw().resolve(source.substring("datasets/lfw/".length()))
                    : SharedDatasets.nuaaPad().resolve(source.substring("datasets/nuaa-pad/".length()));
            RgbImage img = ((DecodeResult.Decoded) decoder.decode(Files.readAllBytes(photo))).image();
            JsonNode box = c.get("detectorBox");
            PadFace face = new PadFace(img.width(), img.height(), img.rgb(), box.get(0).asDouble(),
                    box.get(1).asDouble(), box.get(2).asDouble(), box.get(3).asDouble());
            JsonNode expected = c.get("crops").get(net);
            JsonNode cropBox = expected.get("cropBox");
            FloatBuffer ours = FloatBuffer.allocate(cutter.floats());
            cutter.write(face, ours, 0);
            float[] theirs = MiniFasNetParityTest.bgrPlanes(dir.resolve(expected.get("png").asText()));
            for (int i = 0; i < theirs.length; i++) {
                double diff = Math.abs(ours.get(i) - theirs[i]);
                maxDiff = Math.max(maxDiff, diff);
                differing += diff > 0 ? 1 : 0;
                values++;
            }
            assertEquals(cropBox.toString(), upstreamBox(img, box, boxScale), source + ": upstream's crop box");
        }
        System.out.printf("%s crops cut from the source photos: %d of %d values differ, max %.0f%n", net, differing,
                values, maxDiff);
        assertEquals(0, differing, net + ": values differing from upstream's crops (max difference " + maxDiff + ")");
    }

    /** The SHIFT box as expected.json writes it: [left, top, right, bottom]. */
    private static String upstreamBox(RgbImage img, JsonNode box, double scale) {
        double x = box.get(0).asDouble();
        double y = box.get(1).asDouble();
        double w = box.get(2).asDouble();
        double h = box.get(3).asDouble();
        // Recomputed here from the README's rule, independently of OpenCvBilinear (package-private in pad).
        double s = Math.min((img.height() - 1) / h, Math.min((img.width() - 1) / w, scale));
        double cx = x + w / 2;
        double cy = y + h / 2;
        double l = cx - w * s / 2;
        double t = cy - h * s / 2;
        double r = cx + w * s / 2;
        double b = cy + h * s / 2;
        if (l < 0) {
            r -= l;
            l = 0;
        }
        if (t < 0) {
            b -= t;
            t = 0;
        }
        if (r > img.width() - 1) {
            l -= r - img.width() + 1;
            r = img.width() - 1;
        }
        if (b > img.height() - 1) {
            t -= b - img.height() + 1;
            b = img.height() - 1;
        }
        return "[" + (int) l + "," + (int) t + "," + (int) r + "," + (int) b + "]";
    }
}
