package org.facegate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A fused verdict's {@code members}: each member model's own distance, only beside a compared decision (MATCH,
 * NO_MATCH) of a fusion, absent (not null) everywhere else, and read back exactly. A verdict's {@code presentation}:
 * required for PRESENTATION_ATTACK (which has no distance), absent where PAD did not run.
 */
class VerdictTest {

    private static final Instant T = Instant.parse("2025-06-01T08:15:30.250Z");
    private static final VerdictTimings TIMINGS = new VerdictTimings(1, 2, 3, 4, 5, 0.01, 16);
    private static final List<MemberDistance> MEMBERS = List.of(
            new MemberDistance("face-api-resnet128-sim5-flip@1.7.15", 0.4312),
            new MemberDistance("faceplugin-arcface512-sim5@0.0.1", 0.5527));

    private static Verdict verdict(Decision decision, List<MemberDistance> members) {
        boolean compared = decision == Decision.MATCH || decision == Decision.NO_MATCH;
        return new Verdict(1, "c1", "g1", "P1", decision, decision == Decision.REJECTED ? Reason.NO_FACE : null, null,
                compared ? -4.42 : null, -2.86, "facegate-fusion-dlib128-arcface512@1", T, T, TIMINGS,
                compared ? ComparedWith.ENROLMENT : null, members);
    }

    @Test
    void aFusedVerdictWritesEachMembersModelIdAndDistanceAndReadsThemBack() throws Exception {
        Verdict fused = verdict(Decision.MATCH, MEMBERS);
        byte[] json = EventJson.write(fused);
        JsonNode tree = new ObjectMapper().readTree(json);
        assertEquals(2, tree.get("members").size());
        assertEquals("faceplugin-arcface512-sim5@0.0.1", tree.get("members").get(1).get("modelId").asText());
        assertEquals(0.4312, tree.get("members").get(0).get("distance").asDouble());
        assertEquals(Set.of("modelId", "distance"), fieldsOf(tree.get("members").get(0)), "no embeddings, nothing else");
        assertEquals(fused, EventJson.read(json, Verdict.class));
        assertEquals(Set.of(), EventSchemaTest.validate("verdict", json));
    }

    @Test
    void withoutMembersTheFieldIsAbsentNotNull() {
        String json = new String(EventJson.write(verdict(Decision.NO_MATCH, null)), StandardCharsets.UTF_8);
        assertFalse(json.contains("members"), json);
    }

    @Test
    void membersOnlyBesideAComparedDecision() {
        for (Decision d : List.of(Decision.NOT_ENROLLED, Decision.REJECTED)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> verdict(d, MEMBERS), d.name());
            assertTrue(e.getMessage().contains("members"), e.getMessage());
        }
        assertEquals(MEMBERS, verdict(Decision.NO_MATCH, MEMBERS).members());
    }

    @Test
    void membersAreTheTwoOrMoreDistinctModelsOfAFusion() {
        assertThrows(IllegalArgumentException.class, () -> verdict(Decision.MATCH, List.of()));
        assertThrows(IllegalArgumentException.class, () -> verdict(Decision.MATCH, MEMBERS.subList(0, 1)));
        assertThrows(IllegalArgumentException.class, () -> verdict(Decision.MATCH, List.of(MEMBERS.get(0), MEMBERS.get(0))));
        assertThrows(IllegalArgumentException.class, () -> verdict(Decision.MATCH, Arrays.asList(MEMBERS.get(0), null)));
        assertThrows(IllegalArgumentException.class, () -> new MemberDistance("m@1", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new MemberDistance(" ", 0.3));
    }

    @Test
    void aReaderRejectsMembersWithUnknownFieldsAsInvalidEvent() {
        String json = new String(EventJson.write(verdict(Decision.MATCH, MEMBERS)), StandardCharsets.UTF_8)
                .replace("\"distance\":0.4312", "\"distance\":0.4312,\"embedding\":[0.1]");
        Parsed<Verdict> parsed = EventJson.parse(json.getBytes(StandardCharsets.UTF_8), Verdict.class);
        assertEquals(Reason.INVALID_EVENT, assertInstanceOf(Parsed.Invalid.class, parsed).reason());
    }

    // ---- presentation-attack detection ----

    private static final PresentationCheck ATTACK = new PresentationCheck(0.031, 0.45, "facegate-colour-texture-nuaa@1");

    private static Verdict attack(PresentationCheck presentation) {
        return new Verdict(1, "c1", "g1", "P1", Decision.REJECTED, Reason.PRESENTATION_ATTACK,
                "the live image was judged a presentation attack", null, -2.86, "facegate-fusion-dlib128-arcface512@1",
                T, T, new VerdictTimings(2, 10, 0, 0, 0, 0, 14, 1.2), null, null, presentation);
    }

    @Test
    void aPresentationAttackVerdictWithoutItsPadResultIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> attack(null));
        assertTrue(e.getMessage().contains("presentation"), e.getMessage());
    }

    @Test
    void anAttackVerdictWritesScoreThresholdAndPadModelNoDistanceAndIsSchemaValid() throws Exception {
        Verdict v = attack(ATTACK);
        byte[] json = EventJson.write(v);
        JsonNode tree = new ObjectMapper().readTree(json);
        assertEquals("PRESENTATION_ATTACK", tree.get("reason").asText());
        assertEquals(Set.of("score", "threshold", "modelId"), fieldsOf(tree.get("presentation")));
        assertEquals(0.031, tree.at("/presentation/score").asDouble());
        assertEquals(0.45, tree.at("/presentation/threshold").asDouble());
        assertEquals("facegate-colour-texture-nuaa@1", tree.at("/presentation/modelId").asText());
        assertFalse(tree.has("distance"), "nothing was compared");
        assertFalse(tree.has("comparedWith"));
        assertEquals(1.2, tree.at("/timings/padMs").asDouble());
        assertEquals(v, EventJson.read(json, Verdict.class));
        assertEquals(Set.of(), EventSchemaTest.validate("verdict", json));
    }

    @Test
    void theSchemaAlsoRefusesAnAttackVerdictWithoutPresentation() throws Exception {
        ObjectMapper plain = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode)
                plain.readTree(EventJson.write(attack(ATTACK)));
        tree.remove("presentation");
        assertFalse(EventSchemaTest.validate("verdict", plain.writeValueAsBytes(tree)).isEmpty());
        assertEquals(Reason.INVALID_EVENT, assertInstanceOf(Parsed.Invalid.class,
                EventJson.parse(plain.writeValueAsBytes(tree), Verdict.class)).reason());
    }

    @Test
    void aBonaFideVerdictCarriesItsPadResultBesideTheDistanceAndWithoutOneHasNoField() {
        Verdict match = new Verdict(1, "c1", "g1", "P1", Decision.MATCH, null, null, 0.31, 0.6, "m@1", T, T, TIMINGS,
                ComparedWith.CHIP, null, new PresentationCheck(0.97, 0.45, "pad@1"));
        assertEquals(match, EventJson.read(EventJson.write(match), Verdict.class));
        String json = new String(EventJson.write(verdict(Decision.NO_MATCH, null)), StandardCharsets.UTF_8);
        assertFalse(json.contains("presentation"), json);
    }

    @Test
    void aPadResultIsTwoProbabilitiesAndAModelId() {
        assertThrows(IllegalArgumentException.class, () -> new PresentationCheck(1.5, 0.45, "m@1"));
        assertThrows(IllegalArgumentException.class, () -> new PresentationCheck(Double.NaN, 0.45, "m@1"));
        assertThrows(IllegalArgumentException.class, () -> new PresentationCheck(0.5, -0.1, "m@1"));
        assertThrows(IllegalArgumentException.class, () -> new PresentationCheck(0.5, 0.45, " "));
    }

    private static Set<String> fieldsOf(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
