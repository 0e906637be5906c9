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
 * face is a failure to acquire, counted apart and in neither APCER nor BPCER. Several sources at once: that folder,
 * a few photos of {@code pad-phone-replay} laid out with an attack kind folder ({@code attack/screen/r01/}), and a
 * bona fide folder with and without a photo of the sky. NUAA and the replay set are in {@code ../shared} (skipped
 * where absent, failed under CI).
 */
class EvalPadProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static Path dataset;
    private static Path replay;
    private static Path genuine;
    private static Path genuineAndSky;

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
        Path phone = SharedDatasets.padPhoneReplay();
        replay = dir.resolve("phone");
        for (Path p : firstTwo(phone.resolve("live/r01"))) {
            copy(p, replay.resolve("live/r01"));
        }
        for (Path p : firstTwo(phone.resolve("attack/r01"))) {
            copy(p, replay.resolve("attack/screen/r01"));
        }
        genuine = dir.resolve("genuine");
        genuineAndSky = dir.resolve("genuine-and-sky");
        for (Path folder : List.of(genuine, genuineAndSky)) {
            copy(first(nuaa.resolve("live/0001")), folder);
            copy(SharedDatasets.nuaaLivePhoto(), folder);
        }
        ImageIO.write(sky, "png", genuineAndSky.resolve("sky_1.png").toFile());
    }

    private static List<Path> firstTwo(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().limit(2).toList();
        }
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
        assertEquals(2, report.at("/facesFound/attacks").asInt());
        assertEquals(1.0 / 3, report.at("/fta/attacks").asDouble(), 1e-12);
        assertEquals(0.0, report.at("/fta/bonaFide").asDouble());
        assertEquals(1, report.get("sources").size(), "one source, one row");
        assertEquals("pad-set", report.at("/sources/0/source").asText(), "named by its folder");
        assertEquals(5, report.at("/sources/0/photos").asInt());
        assertEquals(0, report.get("attackKinds").size(), "nuaa's layout names no attack kind");
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
    void atThresholdZeroEveryAttackWithAFaceIsAcceptedAndTheOneWithoutIsAFailureToAcquire() throws IOException {
        Path out = dir.resolve("lenient");
        CommandRun r = eval("--dataset", dataset.toString(), "--out", out.toString(), "--pad-threshold", "0", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode report = r.json();
        assertEquals(0.0, report.get("threshold").asDouble());
        // ISO/IEC 30107-3: APCER over the attacks with a face (2 of 2), the face-free one apart (FTA 1 of 3);
        // before issue 29 it counted as a rejected attack and APCER read 2/3
        assertEquals(1.0, report.get("apcer").asDouble(), 1e-12);
        assertEquals(1.0 / 3, report.at("/fta/attacks").asDouble(), 1e-12);
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

    @Test
    void severalSourcesGiveARowEachThatAddUpToThePooledFiguresAndARowPerAttackKind() throws IOException {
        Path out = dir.resolve("multi");
        CommandRun r = eval("--dataset", dataset.toString(), "--dataset", "replay=" + replay, "--attack-kind",
                "pad-set=print", "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode report = r.json();
        JsonNode sources = report.get("sources");
        assertEquals(List.of("pad-set", "replay"), List.of(sources.get(0).get("source").asText(),
                sources.get(1).get("source").asText()), "in command-line order, named by folder or NAME=");
        assertEquals(replay.toString(), sources.get(1).get("dataset").asText());
        assertEquals(List.of(5, 2, 3), List.of(sources.get(0).get("photos").asInt(),
                sources.get(0).get("bonaFide").asInt(), sources.get(0).get("attacks").asInt()));
        assertEquals(List.of(4, 2, 2), List.of(sources.get(1).get("photos").asInt(),
                sources.get(1).get("bonaFide").asInt(), sources.get(1).get("attacks").asInt()));
        assertEquals(1, sources.get(0).at("/noFace/attacks").asInt());
        for (String count : List.of("/bonaFide", "/attacks", "/noFace/bonaFide", "/noFace/attacks",
                "/facesFound/bonaFide", "/facesFound/attacks")) {
            assertEquals(report.at(count).asInt(), sources.get(0).at(count).asInt() + sources.get(1).at(count).asInt(),
                    count + " of the rows adds up to the pooled one");
        }
        assertEquals(report.at("/bonaFide").asInt() + report.at("/attacks").asInt(),
                sources.get(0).get("photos").asInt() + sources.get(1).get("photos").asInt());
        assertEquals(pooledRate(sources, "apcer", "attacks"), report.get("apcer").asDouble(), 1e-12);
        assertEquals(pooledRate(sources, "bpcer", "bonaFide"), report.get("bpcer").asDouble(), 1e-12);
        JsonNode kinds = report.get("attackKinds");
        assertEquals(2, kinds.size(), kinds.toString());
        assertEquals("print", kinds.get(0).get("kind").asText(), "named for the source by --attack-kind");
        assertEquals(3, kinds.get(0).get("attacks").asInt());
        assertEquals(1, kinds.get(0).get("noFace").asInt());
        assertEquals(0.0, kinds.get(0).get("apcer").asDouble(), "the shipped model rejects its training prints");
        assertEquals("[\"pad-set\"]", kinds.get(0).get("sources").toString());
        assertEquals("screen", kinds.get(1).get("kind").asText(), "named by the folder attack/screen/r01/");
        assertEquals(2, kinds.get(1).get("attacks").asInt());
        assertEquals("[\"replay\"]", kinds.get(1).get("sources").toString());
        assertTrue(report.get("subjects").findValuesAsText("subject").contains("replay/r01"),
                "subjects of several sources are named source/subject");
        List<String> csv = Files.readAllLines(out.resolve("scores.csv"));
        assertEquals("photo,subject,class,score,source,kind", csv.get(0));
        assertEquals(10, csv.size());
        assertEquals(2, csv.stream().filter(l -> l.endsWith(",replay,screen")).count());
    }

    @Test
    void aBonaFidePhotoWithoutAFaceIsAFailureToAcquireAndLeavesBpcerAlone() throws IOException {
        CommandRun r = eval("--bona-fide", genuine.toString(), "--bona-fide", genuineAndSky.toString(), "--out",
                dir.resolve("fta").toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode without = r.json().at("/sources/0");
        JsonNode with = r.json().at("/sources/1");
        assertEquals("genuine-and-sky", with.get("source").asText());
        assertEquals(3, with.get("bonaFide").asInt());
        assertEquals(1, with.at("/noFace/bonaFide").asInt());
        assertEquals(2, with.at("/facesFound/bonaFide").asInt());
        assertEquals(1.0 / 3, with.at("/fta/bonaFide").asDouble(), 1e-12);
        assertEquals(0.0, without.at("/fta/bonaFide").asDouble());
        assertEquals(without.get("bpcer").asDouble(), with.get("bpcer").asDouble(), "the sky is no PAD error");
        assertEquals(without.get("bpcer").asDouble(), r.json().get("bpcer").asDouble());
        assertTrue(with.get("apcer").isNull(), "no attacks");
    }

    @Test
    void thePrintedTableHasARowPerSourceAndThePooledOne() {
        CommandRun r = eval("--dataset", dataset.toString(), "--bona-fide", "lfw-like=" + genuine, "--out",
                dir.resolve("table").toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("source ") && l.contains("FTA bf")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("pad-set\\s+5\\s+2\\s+3\\s.*")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("lfw-like\\s+2\\s+2\\s+0\\s.*")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("pooled\\s+7\\s+4\\s+3\\s.*")), r.out());
    }

    @Test
    void repeatedSourceNamesAndAttackKindsForNoSourceAreUsageErrors() throws IOException {
        CommandRun twice = eval("--dataset", dataset.toString(), "--bona-fide", dataset.toString());
        assertEquals(1, twice.exit());
        assertTrue(twice.err().contains("two sources are named 'pad-set'"), twice.err());
        CommandRun renamed = eval("--dataset", dataset.toString(), "--bona-fide", "again=" + dataset, "--attack-kind",
                "elsewhere=print");
        assertEquals(1, renamed.exit());
        assertTrue(renamed.err().contains("'elsewhere', which is no source"), renamed.err());
        CommandRun noKind = eval("--dataset", dataset.toString(), "--attack-kind", "print");
        assertEquals(1, noKind.exit());
        assertTrue(noKind.err().contains("--attack-kind needs SOURCE=KIND"), noKind.err());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CommandRun none = eval("--dataset", dataset.toString(), "--bona-fide", empty.toString());
        assertEquals(1, none.exit());
        assertTrue(none.err().contains("no photos in " + empty), none.err());
    }

    /** The pooled rate of the source rows: errors (rate times faces found) over faces found, summed. */
    private static double pooledRate(JsonNode sources, String rate, String cls) {
        double errors = 0;
        int faces = 0;
        for (JsonNode row : sources) {
            int n = row.at("/facesFound/" + cls).asInt();
            errors += n == 0 ? 0 : row.get(rate).asDouble() * n;
            faces += n;
        }
        return errors / faces;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
