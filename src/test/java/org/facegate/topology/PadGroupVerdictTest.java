package org.facegate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.facegate.demo.DemoFaces;
import org.facegate.events.CheckRequest;
import org.facegate.events.Decision;
import org.facegate.events.EncodedImage;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.EventJson;
import org.facegate.events.PresentationCheck;
import org.facegate.events.Reason;
import org.facegate.events.Verdict;
import org.facegate.inference.ExecutionProvider;
import org.facegate.inference.InferenceSettings;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PadGroup;
import org.facegate.testsupport.TestModels;
import org.facegate.testsupport.TestPadDescriptors;
import org.facegate.testsupport.TestPhotos;
import org.facegate.testsupport.TopologyDriverFixture;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.ImageRole;
import org.facegate.vision.PipelineSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production topology and the real pipeline with PAD per gate group: the same genuine live photo, sent from gates
 * of three groups, is judged by each group's own descriptor. Group {@code strict}'s threshold sits just above the
 * photo's score, so from its gates the check is REJECTED PRESENTATION_ATTACK with no distance; from a gate in no group
 * the default descriptor judges it and it MATCHes. Every verdict names the descriptor (modelId) and the group, and
 * {@code facegate_pad_judgements_total} counts each group's outcome.
 */
class PadGroupVerdictTest {

    private static final Instant NOW = Instant.parse("2026-12-07T08:15:31Z");

    @TempDir
    static Path dir;
    private static FacePipeline pipeline;
    private static DemoFaces.Person person;
    private static String baseId;

    @BeforeAll
    static void open() throws Exception {
        person = TestPhotos.distinctPeople(1).get(0);
        double score = assertInstanceOf(FaceAnalysis.Embedded.class, TestModels.pipeline().analyse(person.live(),
                ImageRole.LIVE)).presentation().score();
        assertTrue(score < 1, "room for a threshold above the photo's score: " + score);
        baseId = PadDescriptor.load(TestPadDescriptors.buildDefault()).id();
        PipelineSettings settings = PipelineSettings.DEFAULTS
                .withInference(InferenceSettings.DEFAULTS.withProvider(ExecutionProvider.CPU))
                .withPresentation(PipelineSettings.DEFAULTS.presentation().withThreshold(0).withGroups(List.of(
                        new PadGroup("strict", List.of("T2-"), TestPadDescriptors.copy(dir, "camera-t2", score + (1 - score) / 2)),
                        new PadGroup("lenient", List.of("PB-"), TestPadDescriptors.copy(dir, "camera-pb", 0)))));
        pipeline = FacePipeline.open(TestModels.modelsDir(), org.facegate.inference.ModelsFolder.faceApiDescriptor(TestModels.modelsDir()), settings);
    }

    @AfterAll
    static void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void aVerdictFromAGroupsGateNamesThatGroupsDescriptorAndIsJudgedByIt() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TopologyDriverFixture topology = new TopologyDriverFixture("pad-group-test", TemplateKeyRing.of(TemplateKey.generate()),
                pipeline, registry, NOW)) {
            topology.metrics.presentationGroups(List.of("default", "strict", "lenient"));
            assertEquals(EnrolmentStatus.ENROLLED, topology.enrol("P1", person.enrolment(), NOW).status());

            Verdict strict = check(topology, "c1", "T2-07");
            assertEquals(Decision.REJECTED, strict.decision());
            assertEquals(Reason.PRESENTATION_ATTACK, strict.reason());
            assertNull(strict.distance(), "an attack reveals no distance");
            assertPresentation(strict.presentation(), baseId + "@camera-t2", "strict");

            Verdict fallback = check(topology, "c2", "T5-01");
            assertEquals(Decision.MATCH, fallback.decision());
            assertNotNull(fallback.distance());
            assertPresentation(fallback.presentation(), baseId, "default");

            Verdict lenient = check(topology, "c3", "PB-3");
            assertEquals(Decision.MATCH, lenient.decision());
            assertPresentation(lenient.presentation(), baseId + "@camera-pb", "lenient");

            assertEquals(1.0, judgements(registry, "strict", "attack"));
            assertEquals(0.0, judgements(registry, "strict", "bona_fide"));
            assertEquals(1.0, judgements(registry, "default", "bona_fide"));
            assertEquals(1.0, judgements(registry, "lenient", "bona_fide"));
            assertEquals(0.0, judgements(registry, "default", "attack") + judgements(registry, "lenient", "attack"));
        }
    }

    private static void assertPresentation(PresentationCheck p, String modelId, String group) {
        assertNotNull(p, "the verdict carries what PAD made of the live image");
        assertEquals(modelId, p.modelId());
        assertEquals(group, p.group());
    }

    private static double judgements(SimpleMeterRegistry registry, String group, String outcome) {
        return registry.get("facegate.pad.judgements").tags("group", group, "outcome", outcome).counter().count();
    }

    private static Verdict check(TopologyDriverFixture topology, String checkId, String gateId) {
        topology.checks.pipeInput("P1".getBytes(StandardCharsets.UTF_8), EventJson.write(CheckRequest.of(checkId, gateId,
                "P1", NOW, new EncodedImage("jpeg", person.live()), null)));
        Verdict v = EventJson.read(topology.verdicts.readValue(), Verdict.class);
        assertTrue(topology.verdicts.isEmpty(), "exactly one verdict per check");
        return v;
    }
}
