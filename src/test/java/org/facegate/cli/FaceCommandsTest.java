package org.facegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} and {@code embed} as a user runs them: JSON on stdout, the documented exit codes.
 * Genuine pair: a portrait and a re-captured variant of it (shifted, scaled, darker, re-compressed);
 * impostor pair: two different people from the face-api sample photos.
 */
class FaceCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static Path portrait;
    private static Path recaptured;
    private static Path otherPerson;
    private static Path noFace;

    @BeforeAll
    static void photos() throws Exception {
        portrait = TestModels.samplePhoto("sample2.jpg");
        BufferedImage original = ImageIO.read(portrait.toFile());
        // Re-capture: crop around the face (box ~ x 1403, y 174, 276x263), scale 0.8, darken, JPEG again.
        BufferedImage crop = original.getSubimage(1250, 60, 560, 520);
        BufferedImage variant = new BufferedImage(448, 416, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = variant.createGraphics();
        g.drawImage(crop, 0, 0, 448, 416, null);
        g.setColor(new Color(0, 0, 0, 50));
        g.fillRect(0, 0, 448, 416);
        g.dispose();
        recaptured = dir.resolve("recaptured.jpg");
        ImageIO.write(variant, "jpg", recaptured.toFile());
        // Another person: the left-most face of sample5.jpg (box ~ x 314, y 897, 315x311), cropped alone.
        BufferedImage five = ImageIO.read(TestModels.samplePhoto("sample5.jpg").toFile());
        otherPerson = dir.resolve("other.png");
        ImageIO.write(five.getSubimage(214, 797, 515, 511), "png", otherPerson.toFile());
        BufferedImage blank = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
        noFace = dir.resolve("blank.png");
        ImageIO.write(blank, "png", noFace.toFile());
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(args, "--provider", "cpu", "--models", TestModels.modelsDir().toString());
    }

    @Test
    void verifyTheSamePersonIsAMatch() throws Exception {
        CommandRun r = run("verify", "--json", portrait.toString(), recaptured.toString());
        assertEquals(0, r.exit(), r.out());
        JsonNode j = JSON.readTree(r.out());
        assertEquals("MATCH", j.get("decision").asText(), r.out());
        assertTrue(j.get("distance").asDouble() < j.get("threshold").asDouble());
        assertTrue(j.get("reason").isNull());
    }

    @Test
    void fusedVerifyGivesTheFusedDistanceAndEachMembersOwn() throws Exception {
        String fusion = TestModels.modelsDir().resolve("facegate-fusion.model.json").toString();
        CommandRun same = run("verify", "--json", "--model", fusion, portrait.toString(), recaptured.toString());
        assertEquals(0, same.exit(), same.out());
        JsonNode j = JSON.readTree(same.out());
        assertEquals("MATCH", j.get("decision").asText(), same.out());
        assertEquals("facegate-fusion-dlib128-arcface512@1", j.get("modelId").asText());
        assertEquals(2, j.get("members").size(), same.out());
        assertEquals("faceplugin-arcface512-sim5@0.0.1", j.get("members").get(1).get("modelId").asText());
        CommandRun other = run("verify", "--json", "--model", fusion, portrait.toString(), otherPerson.toString());
        JsonNode k = JSON.readTree(other.out());
        assertEquals("NO_MATCH", k.get("decision").asText(), other.out());
        // Fused distances are impostor z-scores: an impostor pair sits far above a genuine one, on each member too.
        assertTrue(k.get("distance").asDouble() > j.get("distance").asDouble() + 1, same.out() + other.out());
        for (int m = 0; m < 2; m++) {
            assertTrue(k.get("members").get(m).get("distance").asDouble()
                    > j.get("members").get(m).get("distance").asDouble());
        }
    }

    @Test
    void verifyTwoPeopleIsNoMatch() throws Exception {
        CommandRun r = run("verify", "--json", portrait.toString(), otherPerson.toString());
        assertEquals(0, r.exit(), r.out());
        JsonNode j = JSON.readTree(r.out());
        assertEquals("NO_MATCH", j.get("decision").asText(), r.out());
        assertTrue(j.get("distance").asDouble() >= j.get("threshold").asDouble(), r.out());
        assertEquals("facegate-fusion-dlib128-arcface512@1", j.get("modelId").asText(), "the default model");
    }

    @Test
    void verifyWithoutAFaceIsRejectedWithExitCode2() throws Exception {
        CommandRun r = run("verify", "--json", portrait.toString(), noFace.toString());
        assertEquals(2, r.exit(), r.out());
        JsonNode j = JSON.readTree(r.out());
        assertEquals("REJECTED", j.get("decision").asText());
        assertEquals("NO_FACE", j.get("reason").asText());
    }

    @Test
    void verifyWithOneImageIsAUsageError() {
        assertEquals(1, run("verify", portrait.toString()).exit());
    }

    @Test
    void embedPrintsEveryFaceWithBoxLandmarksAndEmbedding() throws Exception {
        CommandRun r = run("embed", "--json", TestModels.samplePhoto("sample1.jpg").toString());
        assertEquals(0, r.exit(), r.out());
        JsonNode faces = JSON.readTree(r.out()).get("faces");
        assertEquals(3, faces.size());
        for (JsonNode f : faces) {
            assertTrue(f.get("box").get("width").asDouble() > 100);
            assertEquals(68, f.get("landmarks").size());
            assertEquals(128 + 512, f.get("embedding").size(), "the default fusion: both members' embeddings");
            assertTrue(f.get("score").asDouble() > 0.5);
        }
    }

    @Test
    void embedOnAPhotoWithoutFacesPrintsAnEmptyListAndExits0() throws Exception {
        CommandRun r = run("embed", "--json", noFace.toString());
        assertEquals(0, r.exit(), r.out());
        assertEquals(0, JSON.readTree(r.out()).get("faces").size());
    }

    @Test
    void unknownOptionIsAUsageError() throws Exception {
        assertEquals(1, run("embed", "--json", "--frobnicate", "3", noFace.toString()).exit());
        assertTrue(Files.exists(noFace));
    }
}
