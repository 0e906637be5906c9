package org.facegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PadSettings;
import org.facegate.testsupport.SharedDatasets;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;

/**
 * {@code verify} and {@code embed} with presentation-attack detection, on NUAA PAD photos of subject 0004 in
 * {@code ../shared} (skipped where absent, failed under CI): a print held to the camera as the live image is
 * REJECTED PRESENTATION_ATTACK (exit 2) with no distance, whoever the reference shows; a live capture is compared
 * and says PAD passed it.
 */
class PresentationAttackCommandsTest {

    private static CommandRun run(String... args) {
        return CommandRun.of(args, "--provider", "cpu", "--models", TestModels.modelsDir().toString());
    }

    private static PadDescriptor padModel() throws IOException {
        return PadDescriptor.load(TestModels.modelsDir().resolve(PadSettings.DEFAULT_DESCRIPTOR_FILE));
    }

    /** Another live photo of subject 0004 than {@link SharedDatasets#nuaaLivePhoto()}. */
    private static Path secondLivePhoto() throws IOException {
        try (Stream<Path> files = Files.list(SharedDatasets.nuaaPad().resolve("live/0004"))) {
            return files.sorted().skip(199).findFirst().orElseThrow();
        }
    }

    @Test
    void verifyWithAPrintAsTheLiveImageIsRejectedAsAnAttackWithoutADistance() throws IOException {
        CommandRun r = run("verify", "--json", "--live", SharedDatasets.nuaaAttackPhoto().toString(),
                "--reference", SharedDatasets.nuaaLivePhoto().toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        JsonNode j = r.json();
        assertEquals("REJECTED", j.get("decision").asText());
        assertEquals("PRESENTATION_ATTACK", j.get("reason").asText());
        assertEquals(1, j.get("image").asInt(), "the live image");
        assertTrue(j.get("distance").isNull(), "nothing compared: " + j);
        JsonNode pad = j.get("presentation");
        assertTrue(pad.get("attack").asBoolean());
        assertTrue(pad.get("score").asDouble() < pad.get("threshold").asDouble(), pad.toString());
        assertEquals(padModel().threshold(), pad.get("threshold").asDouble());
        assertEquals(padModel().id(), pad.get("modelId").asText());
    }

    @Test
    void verifyOfTwoLiveCapturesComparesThemAndSaysPadPassedTheLiveOne() throws IOException {
        CommandRun r = run("verify", "--json", "--live", SharedDatasets.nuaaLivePhoto().toString(),
                "--reference", secondLivePhoto().toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode j = r.json();
        assertEquals("MATCH", j.get("decision").asText(), "the same subject: " + j);
        assertTrue(j.get("distance").isNumber());
        assertFalse(j.at("/presentation/attack").asBoolean(), j.toString());
        assertTrue(j.at("/presentation/score").asDouble() >= j.at("/presentation/threshold").asDouble());
    }

    @Test
    void theReferencePhotoIsNeverCheckedForPresentationAttacks() throws IOException {
        // The print is the reference here: a passport photo is a photograph by nature.
        CommandRun r = run("verify", "--json", "--live", SharedDatasets.nuaaLivePhoto().toString(),
                "--reference", SharedDatasets.nuaaAttackPhoto().toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.json().get("distance").isNumber());
        assertFalse(r.json().at("/presentation/attack").asBoolean());
    }

    @Test
    void verifyNeedsLiveAndReferenceTogether() throws IOException {
        CommandRun r = run("verify", "--live", SharedDatasets.nuaaLivePhoto().toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--live IMAGE and --reference IMAGE together"), r.err());
    }

    @Test
    void embedGivesEachFaceWhatPadMakesOfItAsALiveCapture() throws IOException {
        CommandRun attack = run("embed", "--json", SharedDatasets.nuaaAttackPhoto().toString());
        assertEquals(0, attack.exit(), attack.err());
        JsonNode face = attack.json().get("faces").get(0);
        assertTrue(face.at("/presentation/attack").asBoolean(), face.get("presentation").toString());
        assertEquals(padModel().id(), face.at("/presentation/modelId").asText());
        CommandRun live = run("embed", "--json", SharedDatasets.nuaaLivePhoto().toString());
        assertFalse(live.json().get("faces").get(0).at("/presentation/attack").asBoolean());
    }
}
