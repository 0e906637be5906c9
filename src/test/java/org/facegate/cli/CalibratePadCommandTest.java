package org.facegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.facegate.inference.ExecutionProvider;
import org.facegate.inference.InferenceSettings;
import org.facegate.inference.OnnxRuntime;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PadScore;
import org.facegate.pad.PresentationAttackDetector;
import org.facegate.testsupport.SharedDatasets;
import org.facegate.testsupport.TestModels;
import org.facegate.testsupport.TestPadDescriptors;
import org.facegate.testsupport.TestPhotos;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FaceProblem;
import org.facegate.vision.ImageRole;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code calibrate-pad} on a small folder with a known answer: 20 NUAA live photos of one subject (../shared, skipped
 * where absent, failed under CI) in two sub-folders, a photo without a face, an unreadable one and a text file. The
 * expected threshold is worked out apart, from each photo's PAD score on the service's own live path
 * ({@code FacePipeline.analyse(photo, LIVE)}), and so are the failures to acquire and the data's hash. Also the
 * refusals: no photos, a target outside (0, 0.5), too few faces.
 */
class CalibratePadCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String models() {
        return TestModels.modelsDir().toString();
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    @Test
    void writesTheDescriptorWhoseThresholdIsTheKPlusFirstLowestLiveScoreWithItsFiguresAndModel() throws Exception {
        Path live = SharedDatasets.nuaaPad().resolve("live/0004");
        List<Path> nuaa;
        try (Stream<Path> files = Files.list(live)) {
            List<Path> all = files.sorted().toList();
            nuaa = java.util.stream.IntStream.range(0, 20).mapToObj(i -> all.get(i * 30)).toList();
        }
        Path captures = dir.resolve("terminal2");
        for (int i = 0; i < nuaa.size(); i++) {
            write(captures.resolve((i < 10 ? "day1/" : "day2/late/") + nuaa.get(i).getFileName()), Files.readAllBytes(nuaa.get(i)));
        }
        write(captures.resolve("day1/sky.png"), TestPhotos.withProblem(FaceProblem.NO_FACE));
        write(captures.resolve("day2/broken.jpg"), TestPhotos.randomBytes(4096));
        write(captures.resolve("notes.txt"), "not a photo".getBytes(StandardCharsets.UTF_8));

        // Expected, apart from the command: the live path's PAD score of each photo, in sorted relative-path order.
        List<String> relative = new ArrayList<>();
        try (Stream<Path> files = Files.walk(captures)) {
            files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".txt"))
                    .forEach(p -> relative.add(captures.relativize(p).toString().replace('\\', '/')));
        }
        relative.sort(null);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<Double> scores = new ArrayList<>();
        int noFace = 0;
        int unreadable = 0;
        for (String r : relative) {
            byte[] bytes = Files.readAllBytes(captures.resolve(r));
            sha.update(r.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(ByteBuffer.allocate(8).putLong(bytes.length).array());
            sha.update(bytes);
            FaceAnalysis a = TestModels.pipeline().analyse(bytes, ImageRole.LIVE);
            PadScore pad = a instanceof FaceAnalysis.Embedded e ? e.presentation() : ((FaceAnalysis.Rejected) a).presentation();
            if (pad != null) {
                scores.add(pad.score());
            } else {
                FaceProblem p = ((FaceAnalysis.Rejected) a).problem();
                noFace += p == FaceProblem.NO_FACE ? 1 : 0;
                unreadable += p == FaceProblem.UNREADABLE_IMAGE ? 1 : 0;
            }
        }
        assertEquals(1, noFace);
        assertEquals(1, unreadable);
        int faces = scores.size();
        Assumptions.assumeTrue(faces >= 10, "the finder found faces in " + faces + " of the 20 NUAA photos");
        scores.sort(null);
        int k = faces / 10; // target 0.1
        double expected = scores.get(k);

        Path out = dir.resolve("out");
        CommandRun run = CommandRun.of("calibrate-pad", "--bona-fide", captures.toString(), "--target-bpcer", "0.1",
                "--out", out.toString(), "--provider", "cpu", "--models", models());
        assertEquals(0, run.exit(), run.err() + run.out());

        Path written = out.resolve("camera-terminal2.pad.json");
        PadDescriptor d = PadDescriptor.load(written);
        PadDescriptor base = PadDescriptor.load(TestPadDescriptors.buildDefault());
        assertEquals(base.id() + "@camera-terminal2", d.id());
        assertEquals(expected, d.threshold(), 1e-5, "the " + (k + 1) + "-th lowest of " + scores);
        assertEquals(List.of(), d.operatingPoints(), "the base's points were measured on other photos");
        assertEquals(base.models().stream().map(PadDescriptor.Member::crop).toList(),
                d.models().stream().map(PadDescriptor.Member::crop).toList());
        for (PadDescriptor.Member m : d.models()) { // every member's model beside the descriptor (a fusion has several)
            assertFalse(Path.of(m.onnx()).isAbsolute() || m.onnx().contains("/"), "the model beside the descriptor: " + m.onnx());
            assertTrue(Files.isRegularFile(out.resolve(m.onnx())));
        }

        JsonNode report = JSON.readTree(out.resolve("camera-terminal2.calibration.json").toFile());
        long rejected = scores.stream().filter(s -> s < d.threshold()).count();
        assertEquals(22, report.get("photos").asInt());
        assertEquals(faces, report.get("faces").asInt());
        assertEquals(1, report.at("/failuresToAcquire/NO_FACE").asInt());
        assertEquals(1, report.at("/failuresToAcquire/UNREADABLE_IMAGE").asInt());
        assertEquals(rejected, report.get("rejected").asInt());
        assertTrue(rejected <= k, "BPCER at most the target");
        assertEquals((double) rejected / faces, report.get("bpcer").asDouble(), 1e-12, "failures to acquire are not in BPCER");
        String hash = "sha256:" + HexFormat.of().formatHex(sha.digest());
        assertEquals(hash, report.get("sha256").asText());
        assertTrue(report.get("bpcerLow95").asDouble() <= report.get("bpcer").asDouble()
                && report.get("bpcer").asDouble() <= report.get("bpcerHigh95").asDouble());
        for (String fact : List.of("22 bona fide photos", faces + " faces found", "2 failures to acquire", "NO_FACE 1",
                "UNREADABLE_IMAGE 1", "Clopper-Pearson", "target 0.1", hash, base.id())) {
            assertTrue(d.calibration().contains(fact), "calibration text states " + fact + ": " + d.calibration());
        }

        // The folder is self-contained: moved elsewhere, the descriptor opens and its model scores as the base's does.
        Path moved = Files.move(out, dir.resolve("elsewhere"));
        OnnxRuntime runtime = new OnnxRuntime(InferenceSettings.DEFAULTS.withProvider(ExecutionProvider.CPU));
        byte[] photo = Files.readAllBytes(nuaa.get(0));
        FaceAnalysis a = TestModels.pipeline().analyse(photo, ImageRole.LIVE);
        PadScore viaService = a instanceof FaceAnalysis.Embedded e ? e.presentation() : ((FaceAnalysis.Rejected) a).presentation();
        try (PresentationAttackDetector calibrated = PresentationAttackDetector.open(runtime, moved.resolve("camera-terminal2.pad.json"))) {
            assertEquals(d.threshold(), calibrated.descriptor().threshold());
            org.facegate.vision.RgbImage img = ((org.facegate.vision.DecodeResult.Decoded) TestModels.pipeline().decoder()
                    .decode(photo)).image();
            org.facegate.vision.FaceBox b = ((org.facegate.vision.FaceFinder.Chosen) TestModels.pipeline().finder()
                    .find(List.of(img)).get(0)).detection().box();
            double s = calibrated.rawScores(List.of(new org.facegate.pad.PadFace(img.width(), img.height(), img.rgb(),
                    b.x(), b.y(), b.width(), b.height())))[0];
            assertEquals(viaService.score(), s, 1e-6);
        }
    }

    @Test
    void refusesNoPhotosATargetOutsideZeroToAHalfAndTooFewFacesWithClearMessages() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("readme.txt"), "no photos here");
        Path out = dir.resolve("out");
        CommandRun none = CommandRun.of("calibrate-pad", "--bona-fide", empty.toString(), "--out", out.toString(),
                "--provider", "cpu", "--models", models());
        assertEquals(1, none.exit());
        assertTrue(none.err().contains("no photos (.jpg, .jpeg, .png, .jp2, .j2k) under " + empty), none.err());

        for (String bad : List.of("0.5", "0", "-0.1", "0.9")) {
            CommandRun r = CommandRun.of("calibrate-pad", "--bona-fide", empty.toString(), "--out", out.toString(),
                    "--target-bpcer", bad, "--models", models());
            assertEquals(1, r.exit(), bad);
            assertTrue(r.err().contains("must be above 0 and below 0.5"), r.err());
        }
        assertTrue(CommandRun.of("calibrate-pad", "--bona-fide", empty.toString(), "--out", out.toString(),
                "--target-bpcer", "two percent").err().contains("--target-bpcer needs a number"));
        assertTrue(CommandRun.of("calibrate-pad", "--out", out.toString()).err().contains("--bona-fide DIR is required"));

        Path two = dir.resolve("two");
        var people = TestPhotos.distinctPeople(2);
        write(two.resolve("a.jpg"), people.get(0).live());
        write(two.resolve("b.jpg"), people.get(1).live());
        CommandRun few = CommandRun.of("calibrate-pad", "--bona-fide", two.toString(), "--out", out.toString(),
                "--target-bpcer", "0.1", "--provider", "cpu", "--models", models());
        assertEquals(1, few.exit());
        assertTrue(few.err().contains("2 faces are too few for a target BPCER of 0.1: at least 10 are needed"), few.err());
        assertFalse(Files.exists(out.resolve("camera-two.pad.json")), "nothing written on a refusal");
    }
}
