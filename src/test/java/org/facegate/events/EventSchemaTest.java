package org.facegate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The JSON Schemas in {@code schemas/} are the contract: every example there validates (or fails) as its name says,
 * and what our serdes write validates. Uses the real validator (networknt, draft 2020-12, format assertions on).
 */
class EventSchemaTest {

    private static final Path SCHEMAS = Path.of("schemas");
    private static final String BASE = "https://schemas.facegate.example/v1/";
    private static final ObjectMapper PLAIN = new ObjectMapper();

    /**
     * What our reader makes of each invalid example: the reason it reports, or VALID where the event is well-formed
     * JSON for the record but the service rejects it later with a more specific reason (given after the colon).
     */
    private static final Map<String, String> INVALID_EXAMPLE_OUTCOMES = Map.ofEntries(
            Map.entry("check-request.invalid.missing-check-id.json", "INVALID_EVENT"),
            Map.entry("check-request.invalid.bad-base64.json", "INVALID_EVENT"),
            Map.entry("check-request.invalid.unknown-field.json", "INVALID_EVENT"),
            Map.entry("check-request.invalid.schema-version-2.json", "UNSUPPORTED_SCHEMA_VERSION"),
            Map.entry("check-request.invalid.captured-at-not-a-date.json", "INVALID_EVENT"),
            Map.entry("check-request.invalid.captured-at-a-number.json", "INVALID_EVENT"),
            Map.entry("check-request.invalid.unsupported-format.json", "VALID:UNSUPPORTED_FORMAT"),
            Map.entry("enrolment.invalid.no-images.json", "INVALID_EVENT"),
            Map.entry("enrolment.invalid.six-images.json", "VALID:TOO_MANY_IMAGES"),
            Map.entry("enrolment.invalid.missing-source.json", "INVALID_EVENT"),
            Map.entry("verdict.invalid.rejected-without-reason.json", "INVALID_EVENT"),
            Map.entry("verdict.invalid.match-without-distance.json", "INVALID_EVENT"),
            Map.entry("verdict.invalid.members-without-comparison.json", "INVALID_EVENT"),
            Map.entry("verdict.invalid.one-member.json", "INVALID_EVENT"),
            Map.entry("verdict.invalid.attack-without-presentation.json", "INVALID_EVENT"),
            Map.entry("verdict.invalid.presentation-group-not-a-name.json", "INVALID_EVENT"),
            Map.entry("verdict.invalid.normalisation-without-comparison.json", "INVALID_EVENT"),
            Map.entry("enrolment-result.invalid.erased-with-reason.json", "INVALID_EVENT"));

    private static final Map<String, Class<?>> TYPES = Map.of(
            "check-request", CheckRequest.class,
            "enrolment", Enrolment.class,
            "verdict", Verdict.class,
            "enrolment-result", EnrolmentResult.class);

    /** A fused verdict's members: each member model's own distance. */
    private static final List<MemberDistance> FUSED_MEMBERS = List.of(
            new MemberDistance("face-api-resnet128-sim5-flip@1.7.15", 0.4312),
            new MemberDistance("faceplugin-arcface512-sim5@0.0.1", 0.5527));

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(m -> m.mapPrefix(BASE, SCHEMAS.toAbsolutePath().toUri().toString())));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();

    static JsonSchema schema(String name) {
        return FACTORY.getSchema(SchemaLocation.of(BASE + name + ".schema.json"), CONFIG);
    }

    static Set<ValidationMessage> validate(String schemaName, byte[] json) throws IOException {
        return schema(schemaName).validate(PLAIN.readTree(json));
    }

    private static String schemaNameOf(Path example) {
        String file = example.getFileName().toString();
        return file.substring(0, file.indexOf('.'));
    }

    private static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(SCHEMAS.resolve("examples"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyExampleValidatesAsItsNameSays() throws IOException {
        List<Path> examples = examples();
        assertTrue(examples.size() >= 10, "expected the examples in schemas/examples");
        return examples.stream().map(example -> DynamicTest.dynamicTest(example.getFileName().toString(), () -> {
            String file = example.getFileName().toString();
            String schemaName = schemaNameOf(example);
            assertTrue(TYPES.containsKey(schemaName), "example " + file + " names no known schema");
            byte[] json = Files.readAllBytes(example);
            Set<ValidationMessage> errors = validate(schemaName, json);
            Parsed<?> parsed = EventJson.parse(json, TYPES.get(schemaName));
            if (file.contains(".valid.")) {
                assertEquals(Set.of(), errors, file + " should be valid");
                Parsed.Valid<?> valid = assertInstanceOf(Parsed.Valid.class, parsed, () -> file + ": " + parsed.detail());
                // What we read, we write back the same (modulo formatting and number spelling).
                JsonNode rewritten = PLAIN.readTree(EventJson.write(valid.event()));
                assertEquals(Set.of(), schema(schemaName).validate(rewritten), file + " rewritten");
                assertEquals(normalise(PLAIN.readTree(json)), normalise(rewritten), file + " round trip");
            } else {
                assertTrue(file.contains(".invalid."), file + " must say .valid. or .invalid.");
                assertFalse(errors.isEmpty(), file + " should be rejected by its schema");
                String expected = INVALID_EXAMPLE_OUTCOMES.get(file);
                assertTrue(expected != null, "add " + file + " to INVALID_EXAMPLE_OUTCOMES");
                if (expected.startsWith("VALID:")) {
                    assertInstanceOf(Parsed.Valid.class, parsed, file);
                } else {
                    Parsed.Invalid<?> invalid = assertInstanceOf(Parsed.Invalid.class, parsed, file);
                    assertEquals(expected, invalid.reason().name(), file + ": " + invalid.detail());
                }
            }
        }));
    }

    /** Times and numbers compared by value: "08:15:30.250Z" and "08:15:30.25Z" are the same instant. */
    private static JsonNode normalise(JsonNode node) throws IOException {
        String text = PLAIN.writeValueAsString(node);
        JsonNode copy = PLAIN.readTree(text);
        normaliseInPlace(copy);
        return copy;
    }

    private static void normaliseInPlace(JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                JsonNode child = object.get(name);
                if (child.isTextual() && name.endsWith("At")) {
                    object.put(name, java.time.OffsetDateTime.parse(child.textValue()).toInstant().toString());
                } else if (child.isNumber()) {
                    object.put(name, child.doubleValue());
                } else {
                    normaliseInPlace(child);
                }
            });
        } else if (node.isArray()) {
            node.forEach(EventSchemaTest::normaliseInPlace);
        }
    }

    @Test
    void whatOurSerdesWriteIsSchemaValid() throws IOException {
        Instant t = Instant.parse("2025-06-01T08:15:30.123456Z");
        EncodedImage image = new EncodedImage("jpeg", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3});
        VerdictTimings timings = new VerdictTimings(1, 2, 3, 4, 5, 0.01, 16);
        Map<String, List<Object>> events = Map.of(
                "check-request", List.of(
                        CheckRequest.of("c1", "g1", "P1", t, image, null),
                        CheckRequest.of("c2", "g1", "P1", t, image, image)),
                "enrolment", List.of(Enrolment.of("P1", List.of(image, image), t, "office")),
                "verdict", List.of(
                        new Verdict(1, "c1", "g1", "P1", Decision.MATCH, null, null, 0.31, 0.6, "m@1", t, t, timings, ComparedWith.ENROLMENT, null),
                        new Verdict(1, "c1", "g1", "P1", Decision.NO_MATCH, null, null, 0.81, 0.6, "m@1", t, t, timings, ComparedWith.CHIP, null),
                        new Verdict(1, "c1", "g1", "P1", Decision.MATCH, null, null, -4.42, -2.86, "fusion@1", t, t, timings,
                                ComparedWith.ENROLMENT, FUSED_MEMBERS),
                        new Verdict(1, "c1", "g1", "P1", Decision.NO_MATCH, null, null, 0.4, -2.86, "fusion@1", t, t, timings,
                                ComparedWith.CHIP, FUSED_MEMBERS),
                        new Verdict(1, "c1", "g1", "P1", Decision.MATCH, null, null, -4.19, -3.0, "fusion-asnorm@2", t, t,
                                timings, ComparedWith.CHIP, FUSED_MEMBERS, null,
                                new ScoreNormalisation("as-norm", -4.42, "sha256:3f0c5d9e1a7b24c86e0d1f42")),
                        new Verdict(1, "c1", "g1", "P1", Decision.NOT_ENROLLED, null, null, null, 0.6, "m@1", t, t, VerdictTimings.NONE, null, null),
                        new Verdict(1, "c1", null, null, Decision.REJECTED, Reason.INVALID_EVENT, "gateId is required", null, 0.6, "m@1", null, t, VerdictTimings.NONE, null, null),
                        new Verdict(1, "c1", "g1", "P1", Decision.REJECTED, Reason.PRESENTATION_ATTACK, "judged an attack", null, 0.6, "m@1", t, t,
                                new VerdictTimings(1, 2, 0, 0, 0, 0, 4, 1), null, null, new PresentationCheck(0.03, 0.45, "pad@1")),
                        new Verdict(1, "c1", "g1", "P1", Decision.MATCH, null, null, 0.31, 0.6, "m@1", t, t,
                                new VerdictTimings(1, 2, 3, 4, 5, 0.01, 17, 1), ComparedWith.ENROLMENT, null, new PresentationCheck(0.97, 0.45, "pad@1")),
                        new Verdict(1, "c1", "T2-07", "P1", Decision.REJECTED, Reason.PRESENTATION_ATTACK, "judged an attack", null, 0.6, "m@1", t, t,
                                new VerdictTimings(1, 2, 0, 0, 0, 0, 4, 1), null, null,
                                new PresentationCheck(0.12, 0.312, "pad@1@camera-terminal2", "terminal2"))),
                "enrolment-result", List.of(
                        new EnrolmentResult(1, "P1", EnrolmentStatus.ENROLLED, null, null, 2, t),
                        new EnrolmentResult(1, "P1", EnrolmentStatus.ERASED, null, null, 0, t),
                        new EnrolmentResult(1, "P1", EnrolmentStatus.REJECTED, Reason.NO_FACE, "image 1 of 1: no face", 0, t)));
        for (Map.Entry<String, List<Object>> e : events.entrySet()) {
            for (Object event : e.getValue()) {
                byte[] json = EventJson.write(event);
                assertEquals(Set.of(), validate(e.getKey(), json), () -> e.getKey() + ": " + new String(json));
                assertEquals(event, EventJson.read(json, event.getClass()), "round trip of " + event);
            }
        }
    }

    @Test
    void everyReasonIsInTheVerdictAndEnrolmentResultSchemas() throws IOException {
        for (String name : List.of("verdict", "enrolment-result")) {
            JsonNode reasons = PLAIN.readTree(SCHEMAS.resolve(name + ".schema.json").toFile())
                    .at("/properties/reason/enum");
            List<String> inSchema = new java.util.ArrayList<>();
            reasons.forEach(r -> inSchema.add(r.textValue()));
            assertEquals(Stream.of(Reason.values()).map(Enum::name).toList(), inSchema, name);
        }
    }
}
