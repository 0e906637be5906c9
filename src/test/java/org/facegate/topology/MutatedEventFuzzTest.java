package org.facegate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;
import org.apache.kafka.streams.test.TestRecord;
import org.facegate.config.FaceGateConfig;
import org.facegate.demo.DemoFaces;
import org.facegate.events.CheckRequest;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.EventJson;
import org.facegate.events.Verdict;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.metrics.FaceGateMetrics;
import org.facegate.testsupport.TestModels;
import org.facegate.testsupport.TestPhotos;
import org.junit.jupiter.api.Test;

/**
 * A seeded random mutator over valid events (byte flips, truncation, inserted bytes, field deletion, type changes,
 * duplicated fields, JSON splicing between events, byte splicing, key changes) feeds a few thousand mutated checks
 * and enrolments to the production topology, micro-batching on, with the exception handlers set to fail. Properties:
 * nothing throws, every input gets exactly one outcome (a verdict or enrolment result that parses strictly, or a
 * FaceGate dead letter with its original bytes), attributed through a header the outcome carries.
 */
class MutatedEventFuzzTest {

    private static final long SEED = 20250601L;
    private static final int INPUTS = 3000;
    private static final String ID_HEADER = "fuzz-id";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CAPTURED = Instant.parse("2025-06-01T08:15:30Z");

    private record Input(int id, boolean enrolment, byte[] key, byte[] value) {
    }

    @Test
    void everyMutatedEventGetsExactlyOneOutcomeAndNothingThrows() throws Exception {
        List<DemoFaces.Person> people = TestPhotos.distinctPeople(2);
        Properties props = FaceGateConfig.defaults().streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/streams-state/fuzz-" + SEED);
        // Fail, do not skip: an exception must surface here, not be hidden by a handler.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailProcessingExceptionHandler.class.getName());
        props.remove(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FaceGateMetrics metrics = new FaceGateMetrics(registry);
        TopologySettings settings = TopologySettings.DEFAULT;
        long started = System.nanoTime();
        try (TopologyTestDriver driver = new TopologyTestDriver(FaceGateTopology.build(settings,
                TemplateKeyRing.of(TemplateKey.generate()), TestModels.pipeline(), metrics, Clock.fixed(CAPTURED, java.time.ZoneOffset.UTC)),
                props, CAPTURED)) {
            ByteArraySerializer ser = new ByteArraySerializer();
            ByteArrayDeserializer de = new ByteArrayDeserializer();
            TestInputTopic<byte[], byte[]> checks = driver.createInputTopic(settings.topics().checks(), ser, ser);
            TestInputTopic<byte[], byte[]> enrolments = driver.createInputTopic(settings.topics().enrolments(), ser, ser);
            TestOutputTopic<byte[], byte[]> verdicts = driver.createOutputTopic(settings.topics().verdicts(), de, de);
            TestOutputTopic<byte[], byte[]> results = driver.createOutputTopic(settings.topics().enrolmentResults(), de, de);
            TestOutputTopic<byte[], byte[]> dead = driver.createOutputTopic(settings.topics().deadLetters(), de, de);

            enrolments.pipeInput(utf8("P1"), EventJson.write(enrolment("P1", people.get(0).enrolment())));
            enrolments.pipeInput(utf8("P2"), EventJson.write(enrolment("P2", people.get(1).enrolment())));
            assertEquals(2, results.readRecordsToList().size());

            Mutator mutator = new Mutator(new Random(SEED), seeds(people));
            Map<Integer, Input> inputs = new HashMap<>();
            Map<Integer, Integer> outcomes = new HashMap<>();
            Map<String, Integer> kinds = new TreeMap<>();
            for (int i = 0; i < INPUTS; i++) {
                Input input = mutator.next(i);
                inputs.put(i, input);
                RecordHeaders headers = new RecordHeaders();
                headers.add(ID_HEADER, ByteBuffer.allocate(4).putInt(i).array());
                TestRecord<byte[], byte[]> record = new TestRecord<>(input.key(), input.value(), headers, CAPTURED.plusMillis(i));
                try {
                    (input.enrolment() ? enrolments : checks).pipeInput(record);
                    if (mutator.random.nextInt(16) == 0) { // now and then a batch deadline passes
                        driver.advanceWallClockTime(Duration.ofMillis(1 + mutator.random.nextInt(20)));
                    }
                } catch (RuntimeException e) {
                    fail("input " + i + " (" + mutator.lastOps + ") threw " + e, e);
                }
                collect(verdicts, results, dead, inputs, outcomes, kinds);
            }
            driver.advanceWallClockTime(Duration.ofSeconds(1)); // the last partial batch
            collect(verdicts, results, dead, inputs, outcomes, kinds);

            for (int i = 0; i < INPUTS; i++) {
                assertEquals(1, outcomes.getOrDefault(i, 0), "outcomes of input " + i);
            }
            System.out.printf("fuzz: %d mutated inputs (seed %d) in %.1f s, outcomes %s%n", INPUTS, SEED,
                    (System.nanoTime() - started) / 1e9, kinds);
        } finally {
            metrics.close();
        }
    }

    /** Reads every new output, checks it and counts it for the input named by its header. */
    private static void collect(TestOutputTopic<byte[], byte[]> verdicts, TestOutputTopic<byte[], byte[]> results,
                                TestOutputTopic<byte[], byte[]> dead, Map<Integer, Input> inputs,
                                Map<Integer, Integer> outcomes, Map<String, Integer> kinds) {
        for (TestRecord<byte[], byte[]> r : verdicts.readRecordsToList()) {
            Input in = inputFor(r, inputs);
            assertTrue(!in.enrolment(), "a verdict for an enrolment input " + in.id());
            Verdict v = EventJson.read(r.value(), Verdict.class); // strictly valid
            count(in, outcomes, kinds, "verdict " + v.decision() + (v.reason() == null ? "" : " " + v.reason()));
        }
        for (TestRecord<byte[], byte[]> r : results.readRecordsToList()) {
            Input in = inputFor(r, inputs);
            assertTrue(in.enrolment(), "an enrolment result for a check input " + in.id());
            EnrolmentResult result = EventJson.read(r.value(), EnrolmentResult.class);
            count(in, outcomes, kinds, "result " + result.status() + (result.reason() == null ? "" : " " + result.reason()));
        }
        for (TestRecord<byte[], byte[]> r : dead.readRecordsToList()) {
            Input in = inputFor(r, inputs);
            Header reason = r.headers().lastHeader(DeadLetters.REASON);
            assertNotNull(reason, "a FaceGate dead letter, not one of Kafka Streams' handlers");
            assertTrue(Arrays.equals(in.value(), r.value()) || (in.value() == null || in.value().length == 0)
                    && (r.value() == null || r.value().length == 0), "a dead letter keeps the original bytes");
            count(in, outcomes, kinds, "dead letter " + new String(reason.value(), StandardCharsets.UTF_8));
        }
    }

    private static Input inputFor(TestRecord<byte[], byte[]> r, Map<Integer, Input> inputs) {
        Header h = r.headers().lastHeader(ID_HEADER);
        assertNotNull(h, "every outcome carries its input's headers");
        return inputs.get(ByteBuffer.wrap(h.value()).getInt());
    }

    private static void count(Input in, Map<Integer, Integer> outcomes, Map<String, Integer> kinds, String kind) {
        outcomes.merge(in.id(), 1, Integer::sum);
        kinds.merge(kind, 1, Integer::sum);
    }

    // ---- the seeds and the mutator ----

    private static Enrolment enrolment(String documentId, byte[] photo) {
        return Enrolment.of(documentId, List.of(new EncodedImage("jpeg", photo)), CAPTURED, "fuzz");
    }

    /** Valid events: checks (enrolled, chip, no face, not enrolled) and an enrolment. */
    private static List<Input> seeds(List<DemoFaces.Person> people) {
        byte[] tiny = tinyPng();
        return List.of(
                new Input(-1, false, utf8("P1"), EventJson.write(CheckRequest.of("s", "g1", "P1", CAPTURED,
                        new EncodedImage("jpeg", people.get(0).live()), null))),
                new Input(-1, false, utf8("P9"), EventJson.write(CheckRequest.of("s", "g2", "P9", CAPTURED,
                        new EncodedImage("jpeg", people.get(1).live()), new EncodedImage("jpeg", people.get(1).enrolment())))),
                new Input(-1, false, utf8("P2"), EventJson.write(CheckRequest.of("s", "g3", "P2", CAPTURED,
                        new EncodedImage("png", tiny), null))),
                new Input(-1, false, utf8("P404"), EventJson.write(CheckRequest.of("s", "g4", "P404", CAPTURED,
                        new EncodedImage("png", tiny), null))),
                new Input(-1, true, utf8("P3"), EventJson.write(Enrolment.of("P3",
                        List.of(new EncodedImage("png", tiny)), CAPTURED, "fuzz"))));
    }

    private static byte[] tinyPng() {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "png", out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static final class Mutator {
        final Random random;
        final List<Input> seeds;
        final List<JsonNode> trees = new ArrayList<>();
        String lastOps;

        Mutator(Random random, List<Input> seeds) throws java.io.IOException {
            this.random = random;
            this.seeds = seeds;
            for (Input s : seeds) {
                trees.add(JSON.readTree(s.value()));
            }
        }

        Input next(int id) throws java.io.IOException {
            int s = random.nextInt(100) < 85 ? random.nextInt(seeds.size() - 1) : seeds.size() - 1;
            Input seed = seeds.get(s);
            ObjectNode tree = trees.get(s).deepCopy();
            if (!seed.enrolment()) {
                tree.put("checkId", "fz-" + id);
            }
            byte[] key = seed.key();
            byte[] value = JSON.writeValueAsBytes(tree);
            StringBuilder ops = new StringBuilder();
            int n = 1 + random.nextInt(3);
            for (int k = 0; k < n; k++) {
                int op = random.nextInt(10);
                ops.append(op).append(' ');
                switch (op) {
                    case 0, 1 -> value = flipBytes(value);
                    case 2 -> value = Arrays.copyOf(value, random.nextInt(value.length + 1));
                    case 3 -> value = insertBytes(value);
                    case 4 -> value = treeEdit(value, this::deleteField);
                    case 5 -> value = treeEdit(value, this::changeType);
                    case 6 -> value = treeEdit(value, this::spliceTree);
                    case 7 -> value = spliceBytes(value);
                    case 8 -> value = duplicateField(value);
                    default -> key = mutateKey(key);
                }
            }
            lastOps = ops.toString().trim();
            return new Input(id, seed.enrolment(), key, value);
        }

        /** Mostly outside the base64 photo data, where flips change the structure rather than the pixels. */
        byte[] flipBytes(byte[] v) {
            if (v.length == 0) {
                return v;
            }
            byte[] out = v.clone();
            List<int[]> data = dataSpans(out);
            int flips = 1 + random.nextInt(8);
            for (int f = 0; f < flips; f++) {
                int at = random.nextInt(out.length);
                if (random.nextInt(10) < 7) {
                    for (int tries = 0; tries < 20 && inside(data, at); tries++) {
                        at = random.nextInt(out.length);
                    }
                }
                out[at] = switch (random.nextInt(4)) {
                    case 0 -> (byte) (out[at] ^ (1 << random.nextInt(8)));
                    case 1 -> (byte) random.nextInt(256);
                    case 2 -> (byte) "{}[]\",:\\0-e.".charAt(random.nextInt(12));
                    default -> (byte) 0;
                };
            }
            return out;
        }

        byte[] insertBytes(byte[] v) {
            int at = random.nextInt(v.length + 1);
            byte[] extra = switch (random.nextInt(4)) {
                case 0 -> new byte[] {(byte) 0xC3, 0x28}; // invalid UTF-8
                case 1 -> utf8("\u0000\u001f\uD83D\uDE00");
                case 2 -> utf8(",\"x\":" + "[".repeat(random.nextInt(3000)));
                default -> {
                    byte[] b = new byte[1 + random.nextInt(64)];
                    random.nextBytes(b);
                    yield b;
                }
            };
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(v, 0, at);
            out.writeBytes(extra);
            out.write(v, at, v.length - at);
            return out.toByteArray();
        }

        byte[] spliceBytes(byte[] v) {
            byte[] other = seeds.get(random.nextInt(seeds.size())).value();
            int a = random.nextInt(v.length + 1);
            int b = random.nextInt(other.length + 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(v, 0, a);
            out.write(other, b, other.length - b);
            return out.toByteArray();
        }

        byte[] duplicateField(byte[] v) {
            String text = new String(v, StandardCharsets.UTF_8);
            int brace = text.indexOf('{');
            if (brace < 0) {
                return v;
            }
            String field = List.of("checkId", "documentId", "schemaVersion", "liveImage", "images").get(random.nextInt(5));
            return utf8(text.substring(0, brace + 1) + "\"" + field + "\":\"dup\"," + text.substring(brace + 1));
        }

        byte[] mutateKey(byte[] key) {
            return switch (random.nextInt(4)) {
                case 0 -> null;
                case 1 -> new byte[0];
                case 2 -> utf8(List.of("P1", "P2", "P9", "P404", "P3").get(random.nextInt(5)));
                default -> {
                    byte[] b = new byte[1 + random.nextInt(200)];
                    random.nextBytes(b);
                    yield b;
                }
            };
        }

        interface TreeOp {
            void apply(ObjectNode parent, String field);
        }

        /** Applies {@code op} to a random field at any depth, if the value is still a JSON object. */
        byte[] treeEdit(byte[] v, TreeOp op) {
            JsonNode root;
            try {
                root = JSON.readTree(v);
            } catch (java.io.IOException | RuntimeException e) {
                return v;
            }
            if (!(root instanceof ObjectNode object)) {
                return v;
            }
            List<Object[]> fields = new ArrayList<>();
            collectFields(object, fields);
            if (fields.isEmpty()) {
                return v;
            }
            Object[] pick = fields.get(random.nextInt(fields.size()));
            op.apply((ObjectNode) pick[0], (String) pick[1]);
            try {
                return JSON.writeValueAsBytes(root);
            } catch (java.io.IOException e) {
                return v;
            }
        }

        private static void collectFields(JsonNode node, List<Object[]> out) {
            if (node instanceof ObjectNode o) {
                o.fieldNames().forEachRemaining(f -> {
                    out.add(new Object[] {o, f});
                    collectFields(o.get(f), out);
                });
            } else if (node instanceof ArrayNode a) {
                a.forEach(e -> collectFields(e, out));
            }
        }

        void deleteField(ObjectNode parent, String field) {
            parent.remove(field);
        }

        void changeType(ObjectNode parent, String field) {
            JsonNodeFactory f = JsonNodeFactory.instance;
            JsonNode replacement = switch (random.nextInt(11)) {
                case 0 -> f.numberNode(random.nextInt());
                case 1 -> f.numberNode(-1.5e308);
                case 2 -> f.booleanNode(random.nextBoolean());
                case 3 -> f.nullNode();
                case 4 -> f.textNode("");
                case 5 -> f.textNode("x".repeat(random.nextInt(300)));
                case 6 -> f.textNode("z".repeat(100_000));
                case 7 -> f.arrayNode();
                case 8 -> f.objectNode();
                case 9 -> f.textNode("2025-13-45T99:99:99Z");
                default -> f.numberNode(2);
            };
            parent.set(field, replacement);
        }

        /** JSON splicing: a field's value becomes a subtree of another event. */
        void spliceTree(ObjectNode parent, String field) {
            List<Object[]> donors = new ArrayList<>();
            collectFields(trees.get(random.nextInt(trees.size())), donors);
            Object[] donor = donors.get(random.nextInt(donors.size()));
            parent.set(field, ((ObjectNode) donor[0]).get((String) donor[1]).deepCopy());
        }

        private static List<int[]> dataSpans(byte[] v) {
            List<int[]> spans = new ArrayList<>();
            String text = new String(v, StandardCharsets.ISO_8859_1);
            int from = 0;
            while (true) {
                int start = text.indexOf("\"data\":\"", from);
                if (start < 0) {
                    return spans;
                }
                int end = text.indexOf('"', start + 8);
                if (end < 0) {
                    end = text.length();
                }
                spans.add(new int[] {start + 8, end});
                from = end;
            }
        }

        private static boolean inside(List<int[]> spans, int at) {
            for (int[] s : spans) {
                if (at >= s[0] && at < s[1]) {
                    return true;
                }
            }
            return false;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
