package org.facegate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.facegate.cohort.Cohort;
import org.facegate.cohort.CohortDecision;
import org.facegate.demo.DemoFaces;
import org.facegate.events.CheckRequest;
import org.facegate.events.ComparedWith;
import org.facegate.events.Decision;
import org.facegate.events.EncodedImage;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.EventJson;
import org.facegate.events.MemberDistance;
import org.facegate.events.Verdict;
import org.facegate.inference.CohortNormalisation;
import org.facegate.inference.Embedding;
import org.facegate.inference.FusionDescriptor;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.RecognitionDescriptor;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.testsupport.TestModels;
import org.facegate.testsupport.TestPhotos;
import org.facegate.testsupport.TopologyDriverFixture;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.ImageRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production topology deciding against a score-normalisation cohort (real fusion pipeline, a small cohort of other
 * sample people): enrolled templates and chip photo are judged alike on the normalised score with the cohort rule's
 * threshold and model id; the verdict carries the plain fused distance and the cohort's version; a check processed
 * again gets the same verdict, bit for bit. Templates enrolled under the plain fusion need no re-enrolment.
 */
class CohortVerdictTest {

    private static final Instant CAPTURED = Instant.parse("2025-06-01T08:15:30Z");
    private static final Instant NOW = Instant.parse("2025-06-01T08:15:31Z");
    private static final TemplateKeyRing KEYS = TemplateKeyRing.of(TemplateKey.generate());
    private static final List<DemoFaces.Person> PEOPLE = TestPhotos.distinctPeople(5);
    private static final DemoFaces.Person ALICE = PEOPLE.get(0);
    private static final DemoFaces.Person BOB = PEOPLE.get(1);

    private final FacePipeline fusion = TestModels.fusionPipeline();
    private TopologyDriverFixture topology;
    private CohortDecision decision;
    private int nextCheck;

    private FusionDescriptor withRule(double threshold) {
        try {
            FusionDescriptor d = (FusionDescriptor) RecognitionDescriptor.load(
                    TestModels.modelsDir().resolve("facegate-fusion.model.json"));
            List<CohortNormalisation.MemberFit> fits = new ArrayList<>();
            for (FusionDescriptor.Member m : d.parts()) {
                fits.add(new CohortNormalisation.MemberFit(m.model().id(), m.weight(), 0, 1));
            }
            return d.withCohortNormalisation(new CohortNormalisation("facegate-fusion-test-asnorm@2", 3,
                    List.of(d.members().get(0).id()), fits, "three sample people",
                    new ModelDescriptor.Threshold(threshold, null, List.of())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Embedding embed(byte[] photo) {
        return ((FaceAnalysis.Embedded) fusion.analyse(photo, ImageRole.ENROLMENT)).embedding();
    }

    /** The cohort: both photos of three other people. */
    private Cohort cohort(FusionDescriptor d) {
        List<Embedding> faces = new ArrayList<>();
        for (DemoFaces.Person p : PEOPLE.subList(2, 5)) {
            faces.add(embed(p.enrolment()));
            faces.add(embed(p.live()));
        }
        return Cohort.of(d.members(), faces);
    }

    @BeforeEach
    void start() {
        // The threshold halfway between Alice's genuine and Bob's impostor normalised scores, measured first.
        FusionDescriptor probe = withRule(0);
        CohortDecision measure = new CohortDecision(probe, cohort(probe), 0, "test");
        Embedding alice = embed(ALICE.enrolment());
        Embedding aliceLive = live(ALICE);
        Embedding bobLive = live(BOB);
        double genuine = measure.score(aliceLive, measure.scale(aliceLive), alice, measure.scale(alice)).normalised();
        double impostor = measure.score(bobLive, measure.scale(bobLive), alice, measure.scale(alice)).normalised();
        assertTrue(genuine < impostor, "the genuine pair scores closer: " + genuine + " vs " + impostor);
        FusionDescriptor d = withRule((genuine + impostor) / 2);
        decision = new CohortDecision(d, cohort(d), (genuine + impostor) / 2, "three sample people");
        topology = new TopologyDriverFixture("cohort-verdict-test", KEYS, fusion, new SimpleMeterRegistry(), NOW,
                decision);
    }

    private Embedding live(DemoFaces.Person p) {
        return ((FaceAnalysis.Embedded) fusion.analyse(p.live(), ImageRole.LIVE)).embedding();
    }

    @AfterEach
    void stop() {
        topology.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private EnrolmentResult enrol(String documentId, byte[] photo) {
        return topology.enrol(documentId, photo, CAPTURED);
    }

    private Verdict check(String checkId, String documentId, byte[] live, byte[] chip) {
        CheckRequest request = CheckRequest.of(checkId, "gate-1", documentId, CAPTURED, new EncodedImage("jpeg", live),
                chip == null ? null : new EncodedImage("jpeg", chip));
        topology.checks.pipeInput(utf8(documentId), EventJson.write(request));
        Verdict v = EventJson.read(topology.verdicts.readValue(), Verdict.class);
        assertTrue(topology.verdicts.isEmpty(), "exactly one verdict per check");
        return v;
    }

    /** The rule's id and threshold, the plain fused distance of the members, the cohort's version. */
    private void assertNormalised(Verdict v) {
        assertEquals(decision.modelId(), v.modelId());
        assertEquals(decision.threshold(), v.threshold());
        assertNotNull(v.normalisation(), "a cohort-normalised verdict says so: " + v);
        assertEquals("as-norm", v.normalisation().rule());
        assertEquals(decision.cohortVersion(), v.normalisation().cohortVersion());
        double[] members = v.members().stream().mapToDouble(MemberDistance::distance).toArray();
        FusionDescriptor plain = withRule(0);
        assertEquals(plain.fuse(members), v.normalisation().rawDistance(), 1e-9, "the plain fused distance");
        assertTrue(Math.abs(v.distance() - v.normalisation().rawDistance()) > 1e-6, "normalised, not the plain score");
    }

    @Test
    void enrolledTemplatesAreJudgedOnTheNormalisedScoreAndTheSameCheckGetsTheSameVerdict() {
        assertEquals(EnrolmentStatus.ENROLLED, enrol("P1", ALICE.enrolment()).status());
        Verdict genuine = check("c-1", "P1", ALICE.live(), null);
        assertEquals(Decision.MATCH, genuine.decision());
        assertEquals(ComparedWith.ENROLMENT, genuine.comparedWith());
        assertNormalised(genuine);

        Verdict again = check("c-1", "P1", ALICE.live(), null);
        assertEquals(genuine.distance(), again.distance(), 0.0, "reprocessing gives the same score, bit for bit");
        assertEquals(genuine.decision(), again.decision());

        Verdict impostor = check("c-2", "P1", BOB.live(), null);
        assertEquals(Decision.NO_MATCH, impostor.decision());
        assertNormalised(impostor);
    }

    @Test
    void theChipPathIsNormalisedTheSameWay() {
        Verdict v = check("c-3", "P2", ALICE.live(), ALICE.enrolment());
        assertEquals(Decision.MATCH, v.decision());
        assertEquals(ComparedWith.CHIP, v.comparedWith());
        assertNormalised(v);
        Verdict impostor = check("c-4", "P2", BOB.live(), ALICE.enrolment());
        assertEquals(Decision.NO_MATCH, impostor.decision());
        assertNormalised(impostor);
    }

    @Test
    void aVerdictWithoutAComparisonCarriesTheRulesIdButNoNormalisation() {
        Verdict v = check("c-5", "P-nobody", ALICE.live(), null);
        assertEquals(Decision.NOT_ENROLLED, v.decision());
        assertEquals(decision.modelId(), v.modelId());
        assertNull(v.normalisation());
    }
}
