package org.facegate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
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
import org.facegate.inference.Embedding;
import org.facegate.inference.FusionDescriptor;
import org.facegate.inference.RecognitionDescriptor;
import org.facegate.testsupport.TopologyDriverFixture;
import org.facegate.matching.Template;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.matching.TemplateSet;
import org.facegate.testsupport.TestModels;
import org.facegate.testsupport.TestPhotos;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.ImageRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production topology with the fusion as the model in use (real pipeline, {@link TopologyTestDriver}): a verdict
 * decided by the fused score lists each member's own distance, whose fusion is the verdict's distance; templates
 * enrolled under a member are answered by that member alone (its id and threshold, no members); templates of another
 * model are NOT_ENROLLED.
 */
class FusedVerdictTest {

    private static final Instant CAPTURED = Instant.parse("2025-06-01T08:15:30Z");
    private static final Instant NOW = Instant.parse("2025-06-01T08:15:31Z");
    private static final TemplateKeyRing KEYS = TemplateKeyRing.of(TemplateKey.generate());
    private static final List<DemoFaces.Person> PEOPLE = TestPhotos.distinctPeople(2);
    private static final DemoFaces.Person ALICE = PEOPLE.get(0);
    private static final DemoFaces.Person BOB = PEOPLE.get(1);

    private final FacePipeline fusion = TestModels.fusionPipeline();
    private final FusionDescriptor descriptor = fusionDescriptor();
    private TopologyDriverFixture topology;
    private TestInputTopic<byte[], byte[]> checks;
    private TestInputTopic<byte[], byte[]> enrolments;
    private TestOutputTopic<byte[], byte[]> verdicts;
    private TestOutputTopic<byte[], byte[]> results;
    private int nextCheck;

    private static FusionDescriptor fusionDescriptor() {
        try {
            return (FusionDescriptor) RecognitionDescriptor.load(TestModels.modelsDir().resolve("facegate-fusion.model.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeEach
    void start() {
        topology = new TopologyDriverFixture("fused-verdict-test", KEYS, fusion, new SimpleMeterRegistry(), NOW);
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

    private EnrolmentResult enrol(String documentId, byte[] photo) {
        return topology.enrol(documentId, photo, CAPTURED);
    }

    private Verdict check(String documentId, byte[] live, byte[] chip) {
        CheckRequest request = CheckRequest.of("check-" + (++nextCheck), "gate-1", documentId, CAPTURED,
                new EncodedImage("jpeg", live), chip == null ? null : new EncodedImage("jpeg", chip));
        checks.pipeInput(utf8(documentId), EventJson.write(request));
        Verdict v = EventJson.read(verdicts.readValue(), Verdict.class);
        assertTrue(verdicts.isEmpty(), "exactly one verdict per check");
        return v;
    }

    /** The members are the fusion's, in its order, and their fused score is the verdict's distance. */
    private void assertMembersMakeTheFusedDistance(Verdict v) {
        List<MemberDistance> members = v.members();
        assertNotNull(members, "a fused verdict lists its members: " + v);
        assertEquals(fusion.memberModelIds(), members.stream().map(MemberDistance::modelId).toList());
        double[] d = members.stream().mapToDouble(MemberDistance::distance).toArray();
        assertEquals(descriptor.fuse(d), v.distance(), 1e-9, "the fused distance of the members' distances");
        for (double memberDistance : d) {
            assertTrue(memberDistance >= -1e-6, "Euclidean and cosine distances: " + memberDistance);
        }
    }

    @Test
    void aFusedEnrolmentMatchListsBothMembersDistances() {
        assertEquals(EnrolmentStatus.ENROLLED, enrol("P1", ALICE.enrolment()).status());
        Verdict v = check("P1", ALICE.live(), null);
        assertEquals(Decision.MATCH, v.decision());
        assertEquals(fusion.modelId(), v.modelId());
        assertEquals(fusion.threshold(), v.threshold());
        assertEquals(ComparedWith.ENROLMENT, v.comparedWith());
        assertEquals(2, v.members().size());
        assertMembersMakeTheFusedDistance(v);

        Verdict impostor = check("P1", BOB.live(), null);
        assertEquals(Decision.NO_MATCH, impostor.decision());
        assertMembersMakeTheFusedDistance(impostor);
        for (int m = 0; m < 2; m++) {
            assertTrue(impostor.members().get(m).distance() > v.members().get(m).distance(),
                    "an impostor is farther than the genuine face on member " + m);
        }
    }

    @Test
    void aFusedChipCheckListsTheMembersToo() {
        Verdict v = check("P2", BOB.live(), BOB.enrolment());
        assertEquals(Decision.MATCH, v.decision());
        assertEquals(ComparedWith.CHIP, v.comparedWith());
        assertMembersMakeTheFusedDistance(v);
    }

    @Test
    void templatesOfAMemberAreAnsweredByThatMemberWithoutAMembersList() {
        // Enrolled before the fusion was the model in use: templates of its first member (the face-api ResNet).
        FacePipeline member = TestModels.pipeline();
        assertEquals(fusion.memberModelIds().get(0), member.modelId());
        Embedding template = ((FaceAnalysis.Embedded) member.analyse(ALICE.enrolment(), ImageRole.ENROLMENT)).embedding();
        topology.driver.<String, byte[]>getKeyValueStore(FaceGateTopology.TEMPLATES_STORE).put("P3",
                KEYS.seal("P3", new TemplateSet(member.modelId(), List.of(new Template(CAPTURED, template)))));

        Verdict v = check("P3", ALICE.live(), null);
        assertEquals(Decision.MATCH, v.decision());
        assertEquals(member.modelId(), v.modelId(), "the member that made the templates answers");
        assertEquals(descriptor.members().get(0).threshold().distance(), v.threshold());
        assertTrue(v.distance() >= 0, "the member's own Euclidean distance, not a fused score");
        assertNull(v.members(), "one member's answer has no members list");
    }

    @Test
    void templatesOfAModelOutsideTheFusionAreNotEnrolled() {
        topology.driver.<String, byte[]>getKeyValueStore(FaceGateTopology.TEMPLATES_STORE).put("P4", KEYS.seal("P4",
                new TemplateSet("some-retired-model@1", List.of(new Template(CAPTURED, new Embedding(new float[128]))))));
        Verdict v = check("P4", ALICE.live(), null);
        assertEquals(Decision.NOT_ENROLLED, v.decision());
        assertEquals(fusion.modelId(), v.modelId());
        assertNull(v.distance());
        assertNull(v.members());
    }
}
