package org.facegate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.facegate.events.CheckRequest;
import org.facegate.events.ComparedWith;
import org.facegate.events.Decision;
import org.facegate.events.EncodedImage;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.EventJson;
import org.facegate.events.PresentationCheck;
import org.facegate.events.Reason;
import org.facegate.events.Verdict;
import org.facegate.inference.Embedding;
import org.facegate.testsupport.TopologyDriverFixture;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.pad.PadScore;
import org.facegate.vision.FaceAnalyser;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FaceBox;
import org.facegate.vision.FaceProblem;
import org.facegate.vision.ImageRole;
import org.facegate.vision.StageTimings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production topology with a scripted analyser whose PAD outcome is known: a live image judged an attack is
 * answered REJECTED PRESENTATION_ATTACK with the PAD result and no distance, and counted; a bona fide live face is
 * compared as usual and its verdict carries the PAD result too.
 */
class PresentationAttackVerdictTest {

    private static final Instant CAPTURED = Instant.parse("2025-06-01T08:15:30Z");
    private static final Instant NOW = Instant.parse("2025-06-01T08:15:31Z");
    private static final TemplateKeyRing KEYS = TemplateKeyRing.of(TemplateKey.generate());

    private static final byte[] ALICE = utf8("alice");
    private static final byte[] BOB = utf8("bob");
    private static final byte[] PRINTED_ALICE = utf8("a print of alice held to the camera");
    private static final PadScore ATTACK = new PadScore(0.1, 0.45, "pad-test@1");
    private static final PadScore BONA_FIDE = new PadScore(0.93, 0.45, "pad-test@1");

    private final ScriptedAnalyser analyser = new ScriptedAnalyser();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyDriverFixture topology;
    private TestInputTopic<byte[], byte[]> checks;
    private TestInputTopic<byte[], byte[]> enrolments;
    private TestOutputTopic<byte[], byte[]> verdicts;
    private TestOutputTopic<byte[], byte[]> results;
    private int nextCheck;

    /**
     * Alice and Bob are far apart; the print of Alice is judged an attack when it is the live image, and seen as
     * Alice otherwise (it is her photo). Live faces that pass carry {@link #BONA_FIDE}; other roles carry nothing.
     */
    private static final class ScriptedAnalyser implements FaceAnalyser {

        private static final Map<String, Embedding> FACES = Map.of(
                "alice", new Embedding(new float[] {1, 0, 0, 0}),
                "bob", new Embedding(new float[] {0, 1, 0, 0}),
                "a print of alice held to the camera", new Embedding(new float[] {1, 0, 0, 0}));

        @Override
        public FaceAnalysis analyse(byte[] image, ImageRole role) {
            String who = new String(image, StandardCharsets.UTF_8);
            if (role == ImageRole.LIVE && who.startsWith("a print")) {
                return new FaceAnalysis.Rejected(FaceProblem.PRESENTATION_ATTACK, "judged a presentation attack",
                        new StageTimings(1, 2, 0, 0, 0, 3), ATTACK);
            }
            return new FaceAnalysis.Embedded(FACES.get(who), new FaceBox(10, 10, 100, 100), 0.99,
                    new StageTimings(1, 2, 3, 4, 5, role == ImageRole.LIVE ? 3 : 0), null,
                    org.facegate.vision.FaceQuality.NOT_MEASURED, role == ImageRole.LIVE ? BONA_FIDE : null);
        }

        @Override
        public String modelId() {
            return "scripted@1";
        }

        @Override
        public double distance(Embedding a, Embedding b) {
            return a.euclideanDistance(b);
        }

        @Override
        public double threshold() {
            return 0.6;
        }
    }

    @BeforeEach
    void start() {
        topology = new TopologyDriverFixture("presentation-attack-test", KEYS, analyser, registry, NOW);
        checks = topology.checks;
        enrolments = topology.enrolments;
        verdicts = topology.verdicts;
        results = topology.results;
    }

    @AfterEach
    void stop() {
        topology.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void enrol(String documentId, byte[] photo) {
        assertEquals(EnrolmentStatus.ENROLLED, topology.enrol(documentId, photo, CAPTURED).status());
    }

    private Verdict check(String documentId, byte[] live, byte[] chip) {
        checks.pipeInput(utf8(documentId), EventJson.write(CheckRequest.of("check-" + (++nextCheck), "gate-1", documentId,
                CAPTURED, new EncodedImage("jpeg", live), chip == null ? null : new EncodedImage("jpeg", chip))));
        TestRecord<byte[], byte[]> r = verdicts.readRecord();
        assertTrue(verdicts.isEmpty(), "exactly one verdict per check");
        return EventJson.read(r.value(), Verdict.class);
    }

    private static void assertCarries(PadScore expected, PresentationCheck actual) {
        assertNotNull(actual, "the verdict carries what PAD made of the live image");
        assertEquals(new PresentationCheck(expected.score(), expected.threshold(), expected.modelId(), expected.group()), actual);
    }

    private double padScores() {
        return registry.get("facegate.pad.score").summary().count();
    }

    @Test
    void aLiveImageJudgedAnAttackIsRejectedWithItsPadResultAndNoDistanceAndCounted() {
        enrol("P1", ALICE);
        Verdict v = check("P1", PRINTED_ALICE, null);
        assertEquals(Decision.REJECTED, v.decision());
        assertEquals(Reason.PRESENTATION_ATTACK, v.reason());
        assertCarries(ATTACK, v.presentation());
        assertNull(v.distance(), "nothing is compared for an attack");
        assertNull(v.comparedWith());
        assertNull(v.members());
        assertEquals(3, v.timings().padMs());
        assertEquals(1.0, registry.get("facegate.verdicts").tags("decision", "REJECTED", "reason", "PRESENTATION_ATTACK")
                .counter().count());
        assertEquals(0.0, registry.get("facegate.verdicts").tags("decision", "MATCH", "reason", "none").counter().count(),
                "a print of the enrolled person must never open the gate");
        assertEquals(1, padScores());
        assertEquals(ATTACK.score(), registry.get("facegate.pad.score").summary().totalAmount(), 1e-12);
    }

    @Test
    void anAttackAgainstAChipPhotoIsRejectedTooThoughTheChipPhotoMatches() {
        Verdict v = check("P2", PRINTED_ALICE, ALICE);
        assertEquals(Reason.PRESENTATION_ATTACK, v.reason());
        assertCarries(ATTACK, v.presentation());
        assertNull(v.distance());
        assertEquals(1, padScores(), "the chip photo is not checked for presentation attacks");
    }

    @Test
    void aBonaFideLiveFaceIsComparedAsUsualAndItsVerdictCarriesThePadResult() {
        enrol("P1", ALICE);
        Verdict genuine = check("P1", ALICE, null);
        assertEquals(Decision.MATCH, genuine.decision());
        assertNotNull(genuine.distance());
        assertCarries(BONA_FIDE, genuine.presentation());
        Verdict impostor = check("P1", BOB, null);
        assertEquals(Decision.NO_MATCH, impostor.decision());
        assertCarries(BONA_FIDE, impostor.presentation());
        Verdict chip = check("P3", BOB, BOB);
        assertEquals(Decision.MATCH, chip.decision());
        assertEquals(ComparedWith.CHIP, chip.comparedWith());
        assertCarries(BONA_FIDE, chip.presentation());
        assertEquals(3, padScores(), "one score per live face, none for the enrolment or chip photos");
    }
}
