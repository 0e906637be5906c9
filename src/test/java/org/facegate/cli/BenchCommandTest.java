package org.facegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench} as a user runs it, kept cheap: two small portraits, windows of a fraction of a second, no Kafka.
 * The figures themselves are not checked (tests never time things), only that every figure is there.
 */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void badWindowOrRepeatOptionsAreUsageErrors() {
        assertEquals(1, Main.run(new String[] {"bench", "--images", dir.toString(), "--seconds", "0"}));
        assertEquals(1, Main.run(new String[] {"bench", "--images", dir.toString(), "--seconds", "soon"}));
        assertEquals(1, Main.run(new String[] {"bench", "--images", dir.toString(), "--repeats", "0"}));
    }

    @Test
    void aShortRunWritesRepeatsSpreadAndTheComputeFloor() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos/Sample_Person"));
        // The portrait of sample2.jpg re-captured as in FaceCommandsTest (found by the detector), and its mirror.
        BufferedImage original = ImageIO.read(TestModels.samplePhoto("sample2.jpg").toFile());
        BufferedImage crop = original.getSubimage(1250, 60, 560, 520);
        for (int k = 0; k < 2; k++) {
            BufferedImage variant = new BufferedImage(448, 416, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = variant.createGraphics();
            g.drawImage(crop, k == 0 ? 0 : 448, 0, k == 0 ? 448 : -448, 416, null);
            g.dispose();
            ImageIO.write(variant, "jpg", photos.resolve("Sample_Person_000" + (k + 1) + ".jpg").toFile());
        }
        Path out = dir.resolve("out");
        CommandRun run = CommandRun.of("bench", "--images", dir.resolve("photos").toString(), "--limit", "2",
                "--seconds", "0.2", "--repeats", "2", "--seconds-per-point", "0.1", "--no-stream", "--out",
                out.toString(), "--provider", "cpu", "--models", TestModels.modelsDir().toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("compute floor ="), run.out());

        JsonNode r = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        assertEquals(2, r.path("method").path("repeats").asInt());
        assertEquals(0.2, r.path("method").path("windowSeconds").asDouble(), 1e-12);
        JsonNode settings = r.path("rawRepeatsBySetting");
        assertEquals(4, settings.size(), "1 and 2 caller threads, batches of 1 and 8");
        for (JsonNode s : settings) {
            assertEquals(2, s.path("samples").size());
            for (String field : new String[] {"median", "min", "max", "spreadPercent", "processCpuMsPerImage",
                "coresUsed", "floorImagesPerSec", "shareOfFloor"}) {
                assertTrue(s.has(field), field + " missing in " + s);
            }
            for (JsonNode w : s.path("windows")) {
                assertTrue(w.path("seconds").asDouble() >= 0.2, "a window shorter than --seconds: " + w);
                assertEquals(0, w.path("photos").asInt() % 2, "whole passes over the 2 photos: " + w);
            }
        }
        assertEquals(r.path("rawImagesPerSec").asDouble(),
                settings.path(r.path("rawBestSetting").asText()).path("median").asDouble(), 1e-12);
        assertTrue(r.path("rawShareOfFloor").asDouble() > 0);
        assertTrue(r.path("rawImagesPerSecBySetting").size() == 4, "the old per-setting field stays");

        JsonNode stages = r.path("stageMedianMs");
        assertTrue(stages.path("pad").asDouble() > 0, "the PAD stage's ms per live photo in the stage table: " + stages);
        JsonNode cost = r.path("computePerImage");
        assertEquals(2, cost.path("detectorRunsBySize").path("416").asInt(), "448 px photos: first pass at 416 " + cost);
        assertEquals(2, cost.path("imagesReachingLandmarks").asInt());
        JsonNode floor = r.path("computeFloor");
        assertEquals(cost.path("gflopPerImage").asDouble(), floor.path("gflopPerImage").asDouble(), 1e-12);
        assertEquals(floor.path("cores").asDouble() * floor.path("peakGflopsPerCore").asDouble()
                / floor.path("gflopPerImage").asDouble(), floor.path("floorImagesPerSec").asDouble(), 1e-9);
        assertTrue(floor.path("peakSource").asText().startsWith("MatMul")
                || floor.path("peakSource").asText().startsWith("recognition net"), floor.toString());
        assertEquals(2, r.path("peakGflopsPerSecRepeats").path("samples").size());

        // The build's default runs int8 graphs on the CPU: the fp32 fusion is the baseline in the same repeats.
        assertTrue(r.path("graphs").toString().contains(".int8.onnx"), r.path("graphs").toString());
        assertTrue(r.path("cpu").path("flags").isArray() && r.path("cpu").has("model"), r.path("cpu").toString());
        JsonNode base = r.path("baseline");
        assertFalse(base.path("graphs").toString().contains(".int8.onnx"), base.toString());
        assertEquals(4, base.path("imagesPerSecBySetting").size(), base.toString());
        assertEquals(2, r.path("rawToBaselineRatioRepeats").path("samples").size());
        assertTrue(r.path("rawToBaselineRatio").asDouble() > 0);
        assertTrue(run.out().contains("the baseline at that setting, per repeat"), run.out());
        assertEquals(6, base.path("networks").size(), "two networks at batches 1, 2 and 8: " + base.path("networks"));
        for (JsonNode cos : base.path("networkOutputCosine")) {
            assertTrue(cos.path("minCosine").asDouble() > 0.9, "int8 and fp32 outputs on the same chips: " + cos);
        }
    }
}
