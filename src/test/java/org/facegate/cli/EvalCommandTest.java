package org.facegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facegate.config.UsageException;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.ModelsFolder;
import org.facegate.modelimport.TestNetworks;
import org.facegate.testsupport.SharedDatasets;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval lfw} end to end on a small balanced subset of fold 1 of the real LFW in {@code ../shared} (skipped
 * where the data set is absent, failed under CI: {@link SharedDatasets}): the face-api model, and a test model
 * given by its descriptor ({@code --model}).
 */
class EvalCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;

    private static int eval(String... extra) {
        String[] base = {"eval", "lfw", "--dataset", SharedDatasets.lfw().toString(), "--folds", "1",
            "--provider", "cpu", "--models", TestModels.modelsDir().toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return Main.run(all);
    }

    @Test
    void faceApiModelOnFortyPairsWritesReportPlotsAndACalibratedDescriptor() throws Exception {
        SharedDatasets.lfw();
        Path out = dir.resolve("face-api");
        Path calibrated = dir.resolve("calibrated.model.json");
        assertEquals(0, eval("--max-pairs", "40", "--out", out.toString(), "--target-far", "0.05",
                "--model", ModelsFolder.faceApiDescriptor(TestModels.modelsDir()).toString(),
                "--write-descriptor", calibrated.toString()));
        JsonNode r = JSON.readTree(out.resolve("report.json").toFile());
        assertEquals(40, r.at("/results/pairs").asInt());
        assertEquals(20, r.at("/results/samePairs").asInt());
        assertTrue(r.at("/results/accuracy/mean").asDouble() > 0.9, r.at("/results/accuracy").toString());
        assertTrue(r.at("/pipeline/selection").asText().startsWith("CENTRAL"));
        assertTrue(r.at("/results/auc").asDouble() > 0.9);
        assertTrue(r.at("/images/total").asInt() > 40);
        for (String f : new String[] {"report.md", "roc.png", "det.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 1000, f + " written");
        }
        assertTrue(Files.readString(out.resolve("report.md")).contains("TAR at FAR 0.1 %"));
        ModelDescriptor d = ModelDescriptor.load(calibrated);
        assertEquals(r.at("/results/calibration/threshold").asDouble(), d.threshold().distance(), 1e-12);
        assertEquals(0.05, d.threshold().calibration().falseMatchRate(), 1e-12);
        assertTrue(d.threshold().calibration().command().contains("eval lfw"));
    }

    @Test
    void anyModelDescriptorCanBeEvaluated() throws Exception {
        SharedDatasets.lfw();
        Path descriptor = TestNetworks.randomConvNet(dir.resolve("models"));
        Path out = dir.resolve("random");
        assertEquals(0, eval("--max-pairs", "20", "--out", out.toString(), "--model", descriptor.toString(),
                "--failures", "different"));
        JsonNode r = JSON.readTree(out.resolve("report.json").toFile());
        assertEquals("test-random-conv", r.at("/model/id").asText());
        assertEquals("cosine", r.at("/model/metric").asText());
        assertEquals("112x112 NHWC BGR", r.at("/model/input").asText());
        assertEquals(20, r.at("/results/pairs").asInt());
        double acc = r.at("/results/accuracy/mean").asDouble();
        assertTrue(acc >= 0 && acc <= 1, "an accuracy, however poor: " + acc);
    }

    @Test
    void galleryOfThreeWritesTheSheetAndItsRows() throws Exception {
        SharedDatasets.lfw();
        Path out = dir.resolve("gallery");
        assertEquals(0, eval("--max-pairs", "6", "--out", out.toString(), "--gallery", "3"));
        JsonNode g = JSON.readTree(out.resolve("gallery.json").toFile());
        JsonNode r = JSON.readTree(out.resolve("report.json").toFile());
        assertEquals(r.at("/results/calibration/threshold").asDouble(), g.at("/threshold").asDouble(), 1e-12,
                "the gallery judges at the report's calibrated threshold");
        int failed = g.at("/pairsWithAFailedPhoto").asInt();
        JsonNode rows = g.at("/rows");
        assertEquals(3 + Math.min(3, failed), rows.size());
        for (JsonNode row : rows) {
            assertTrue(row.at("/first/path").asText().endsWith(".jpg"), row.toString());
            if (!row.at("/kind").asText().equals("failed-image")) {
                double beyond = row.at("/beyondThreshold").asDouble();
                // An impostor exactly at the threshold is rejected: correct, 0 beyond.
                assertTrue(row.at("/error").asBoolean() ? beyond >= 0 : beyond <= 0, row.toString());
                assertEquals(4, row.at("/first/box").size(), "the chosen face's box: " + row);
            }
        }
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(out.resolve("gallery.png").toFile());
        org.junit.jupiter.api.Assertions.assertNotNull(png, "gallery.png decodes");
        assertTrue(png.getHeight() > rows.size() * 250 && png.getWidth() > 2 * 250,
                png.getWidth() + "x" + png.getHeight());
        assertEquals(1, eval("--max-pairs", "6", "--out", out.toString(), "--gallery", "-1"));
    }

    @Test
    void aCohortRuleIsEvaluatedPerFoldNextToThePlainFusionAndWritten() throws Exception {
        Path out = dir.resolve("cohort");
        Path calibrated = dir.resolve("cohort.model.json");
        assertEquals(0, Main.run(new String[] {"eval", "lfw", "--dataset", SharedDatasets.lfw().toString(), "--folds",
            "1,2", "--max-pairs", "16", "--provider", "cpu", "--models", TestModels.modelsDir().toString(), "--out",
            out.toString(), "--target-far", "0.25", "--cohort", "folds", "--cohort-k", "3", "--cohort-members", "1",
            "--write-descriptor", calibrated.toString()}));
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode cohort = report.get("cohortNormalisation");
        assertEquals(3, cohort.get("k").asInt());
        assertTrue(cohort.get("cohorts").get("1").get("faces").asInt() > 0, "fold 1's cohort: fold 2's photos");
        assertTrue(report.has("resultsWithoutCohort"), "the plain fusion is reported next to it");
        assertTrue(cohort.get("errorsMoved").has("fixed"));
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("without the cohort") && md.contains("errors moved"), md);
        JsonNode written = new ObjectMapper().readTree(calibrated.toFile());
        JsonNode rule = written.get("cohortNormalisation");
        assertEquals(3, rule.get("k").asInt());
        assertEquals(1, rule.get("normalisedMembers").size());
        assertEquals(written.get("members").get(0).get("modelId").asText(), rule.get("normalisedMembers").get(0).asText());
        assertTrue(rule.get("id").asText().contains("asnorm"), rule.get("id").asText());
        assertTrue(written.get("threshold").has("distance"), "the plain rule's threshold for a service without a cohort");
        assertEquals(1, Main.run(new String[] {"eval", "lfw", "--dataset", SharedDatasets.lfw().toString(), "--folds",
            "1", "--out", out.toString(), "--cohort", "folds"}), "one fold has no other folds for a cohort");
    }

    @Test
    void retryStepsAndFoldsParse() {
        org.facegate.vision.DetectionRetry r = EvalLfwOptions.parseRetry("zero:0.25,edge:0.5,zero:0@320");
        assertEquals(java.util.List.of(new org.facegate.vision.DetectionRetry.Step(0.25, false, 0),
                new org.facegate.vision.DetectionRetry.Step(0.5, true, 0),
                new org.facegate.vision.DetectionRetry.Step(0, false, 320)), r.steps());
        assertEquals(org.facegate.vision.DetectionRetry.NONE, EvalLfwOptions.parseRetry("none"));
        assertEquals(java.util.Set.of(1, 3, 4, 5), EvalLfwOptions.parseFolds("1,3-5"));
        org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, () -> EvalLfwOptions.parseRetry("blur:1"));
        org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, () -> EvalLfwOptions.parseFolds("3-1"));
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(1, Main.run(new String[] {"eval", "cfp"}));
        assertEquals(1, Main.run(new String[] {"eval", "lfw", "--dataset", dir.resolve("nothing").toString()}));
        SharedDatasets.lfw();
        assertEquals(1, eval("--folds", "0-3", "--out", dir.resolve("x").toString()));
        assertEquals(1, eval("--failures", "maybe", "--out", dir.resolve("x").toString()));
    }
}
