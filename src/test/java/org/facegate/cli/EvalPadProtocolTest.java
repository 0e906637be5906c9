package org.facegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PadSettings;
import org.facegate.testsupport.SharedDatasets;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval pad} end to end on a five-photo folder with a known answer: two NUAA live photos (subjects 0001 and
 * 0004), two NUAA print attacks of the same subjects and one attack photo without a face (subject "sky"). The
 * shipped model was trained on these NUAA photos, so at its threshold it gets every one right; the photo without a
 * face counts as a rejected attack. NUAA is in {@code ../shared} (skipped where absent, failed under CI).
 */
class EvalPadProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static Path dataset;

    @BeforeAll
    static void dataset() throws IOException {
        Path nuaa = SharedDatasets.nuaaPad();
        dataset = dir.resolve("pad-set");
        copy(first(nuaa.resolve("live/0001")), dataset.resolve("live/0001"));
        copy(SharedDatasets.nuaaLivePhoto(), dataset.resolve("live/0004"));
        copy(first(nuaa.resolve("attack/0001")), dataset.resolve("attack/0001"));
        copy(SharedDatasets.nuaaAttackPhoto(), dataset.resolve("attack/0004"));
        BufferedImage sky = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = sky.createGraphics();
        g.setColor(new Color(135, 206, 235));
        g.fillRect(0, 0, 320, 240);
        g.dispose();
        ImageIO.write(sky, "png", dataset.resolve("attack/sky_1.png").toFile());
    }

    private static Path first(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().findFirst().orElseThrow();
        }
    }

    private static void copy(Path photo, Path toFolder) throws IOException {
        Files.createDirectories(toFolder);
        Files.copy(photo, toFolder.resolve(photo.getFileName()));
    }

    private static CommandRun eval(String... more) {
        return CommandRun.of(new String[] {"eval", "pad", "--provider", "cpu", "--models", TestModels.modelsDir().toString()},
                more);
    }

    @Test
    void aKnownFolderGivesNoErrorsCountsTheFaceFreeAttackAndWritesReportAndDet() throws IOException {
        Path out = dir.resolve("out");
        CommandRun r = eval("--dataset", dataset.toString(), "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        assertEquals(report, r.json(), "--json prints the report it writes");
        PadDescriptor d = PadDescriptor.load(TestModels.modelsDir().resolve(PadSettings.DEFAULT_DESCRIPTOR_FILE));
        assertEquals(d.id(), report.get("model").asText());
        assertEquals(d.threshold(), report.get("threshold").asDouble());
        assertEquals(2, report.get("bonaFide").asInt());
        assertEquals(3, report.get("attacks").asInt());
        assertEquals(0, report.at("/noFace/bonaFide").asInt());
        assertEquals(1, report.at("/noFace/attacks").asInt());
        assertEquals(0.0, report.get("apcer").asDouble(), report.toString());
        assertEquals(0.0, report.get("bpcer").asDouble(), report.toString());
        assertEquals(List.of("0.01", "0.05", "0.1"), fieldNames(report.get("bpcerAtApcer")));
        assertEquals(0.0, report.at("/bpcerAtApcer/0.01").asDouble(), "the classes are apart: nothing to trade");
        JsonNode subjects = report.get("subjects");
        assertEquals(List.of("0001", "0004", "sky"), subjects.findValuesAsText("subject"));
        for (int i = 0; i < 2; i++) {
            assertEquals(1, subjects.get(i).get("bonaFide").asInt());
            assertEquals(1, subjects.get(i).get("attacks").asInt());
            assertEquals(0, subjects.get(i).get("noFace").asInt());
        }
        assertEquals(1, subjects.get(2).get("noFace").asInt());
        assertTrue(subjects.get(2).get("bpcer").isNull(), "no bona fide photo of the sky");
        assertTrue(Files.size(out.resolve("det.png")) > 1000, "det.png written");
    }

    @Test
    void atThresholdZeroEveryAttackWithAFaceIsAcceptedButNotTheOneWithout() throws IOException {
        Path out = dir.resolve("lenient");
        CommandRun r = eval("--dataset", dataset.toString(), "--out", out.toString(), "--pad-threshold", "0", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode report = r.json();
        assertEquals(0.0, report.get("threshold").asDouble());
        assertEquals(2.0 / 3, report.get("apcer").asDouble(), 1e-12);
        assertEquals(0.0, report.get("bpcer").asDouble());
    }

    @Test
    void aBonaFideFolderAloneHasNoApcerAndNoDet() throws IOException {
        Path out = dir.resolve("bona-fide");
        CommandRun r = eval("--bona-fide", dataset.resolve("live").toString(), "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(2, r.json().get("bonaFide").asInt());
        assertEquals(0, r.json().get("attacks").asInt());
        assertTrue(r.json().get("apcer").isNull());
        assertEquals(0.0, r.json().get("bpcer").asDouble());
        assertTrue(Files.exists(out.resolve("report.json")));
        assertTrue(!Files.exists(out.resolve("det.png")), "no DET curve without attacks");
    }

    @Test
    void datasetOrBonaFideIsRequiredAndAThresholdMustBeAProbability() {
        CommandRun neither = eval();
        assertEquals(1, neither.exit());
        assertTrue(neither.err().contains("--dataset DIR"), neither.err());
        CommandRun badThreshold = eval("--dataset", dataset.toString(), "--pad-threshold", "1.5");
        assertEquals(1, badThreshold.exit());
        assertTrue(badThreshold.err().contains("--pad-threshold"), badThreshold.err());
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
