package org.facegate.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.facegate.config.FaceGateConfig;
import org.facegate.config.UsageException;
import org.facegate.embedded.EmbeddedKafkaBroker;
import org.facegate.events.CheckRequest;
import org.facegate.events.Decision;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.Reason;
import org.facegate.events.Verdict;
import org.facegate.gate.GateClient;
import org.facegate.gate.TopicReader;
import org.facegate.inference.ModelsFolder;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.service.FaceGateInstance;
import org.facegate.vision.FacePipeline;

/**
 * The demo: an in-process Kafka broker (or a given one), the topology, the metrics endpoint, and a gate that
 * enrols sample people and sends checks one at a time (genuine, impostor, and chip-photo checks), printing each
 * verdict as a line and a JSON summary line at the end. Latency is measured as a gate sees it: from sending the
 * check to reading its verdict with a read_committed consumer.
 */
public final class Demo implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration VERDICT_TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param bootstrapServers empty: start an embedded broker
     * @param images           an LFW-layout folder; empty: the face-api sample photos
     */
    public record Options(int checks, int metricsPort, Optional<Path> images, Optional<String> bootstrapServers, Path workDir) {
    }

    /**
     * What the demo measured. {@code genuineJudgedAttack}: genuine checks whose live photo presentation-attack detection
     * rejected (the demo's live photos are re-captured stock photos, docs/presentation-attacks.md).
     */
    public record Summary(int checks, int verdicts, Map<String, Integer> byDecision, double p50, double p99, double max,
                   int genuine, int genuineMatched, int genuineJudgedAttack, int impostors, int impostorsMatched,
                   String photos) {

        public int exitCode() {
            return verdicts == checks ? 0 : 4;
        }

        public String json() {
            ObjectNode root = JSON.createObjectNode();
            root.put("checks", checks).put("verdicts", verdicts);
            ObjectNode decisions = root.putObject("byDecision");
            byDecision.forEach(decisions::put);
            root.putObject("latencyMs").put("p50", round(p50)).put("p99", round(p99)).put("max", round(max));
            root.put("genuine", genuine).put("genuineMatched", genuineMatched)
                    .put("genuineJudgedAttack", genuineJudgedAttack)
                    .put("impostors", impostors).put("impostorsMatched", impostorsMatched).put("photos", photos);
            try {
                return JSON.writeValueAsString(root);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static double round(double v) {
            return Math.round(v * 10) / 10.0;
        }
    }

    private final Options options;
    private final PrintStream out;
    private EmbeddedKafkaBroker broker;
    private FacePipeline pipeline;
    private FaceGateInstance instance;

    public Demo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** The metrics port once started (for a caller that asked for port 0). */
    public int metricsPort() {
        return instance == null ? -1 : instance.metricsPort();
    }

    /** Starts everything, enrols, sends the checks and waits for their verdicts. */
    public Summary run() throws Exception {
        Files.createDirectories(options.workDir());
        String bootstrap;
        if (options.bootstrapServers().isPresent()) {
            bootstrap = options.bootstrapServers().get();
        } else {
            out.println("demo: starting an embedded Kafka broker (KRaft, single node) ...");
            broker = EmbeddedKafkaBroker.start(0, options.workDir().resolve("broker"), Map.of());
            bootstrap = broker.bootstrapServers();
        }
        Properties file = new Properties();
        file.setProperty(FaceGateConfig.Key.BOOTSTRAP_SERVERS.key(), bootstrap);
        file.setProperty(FaceGateConfig.Key.APPLICATION_ID.key(), "facegate-demo-" + Long.toHexString(System.nanoTime()));
        file.setProperty(FaceGateConfig.Key.TOPIC_PREFIX.key(), "demo.");
        file.setProperty(FaceGateConfig.Key.STATE_DIR.key(), options.workDir().resolve("state").toString());
        file.setProperty(FaceGateConfig.Key.METRICS_PORT.key(), Integer.toString(options.metricsPort()));
        FaceGateConfig config = FaceGateConfig.load(file, System.getenv(), Map.of());

        pipeline = config.openPipeline();
        DemoFaces.Cast cast = cast();
        if (cast.people().size() < 2) {
            throw new UsageException("need at least two people with usable photos, found " + cast.people().size() + " in " + cast.source());
        }
        out.printf("demo: %d people from %s%n", cast.people().size(), cast.source());
        if (cast.recaptured()) {
            out.println("demo: NOTE genuine checks use RE-CAPTURED VARIANTS of each enrolment portrait (shifted and scaled"
                    + " crop, other lighting, JPEG re-compression), not second photos; --images DIR (LFW layout) gives real pairs");
        } else {
            out.println("demo: genuine checks use each person's second photo (real pairs)");
        }

        // Templates are biometric data even in a demo: sealed under a fresh key that lives only in this process.
        TemplateKeyRing keys = TemplateKeyRing.of(TemplateKey.generate());
        out.println("demo: templates sealed with an ephemeral AES-256-GCM key (" + keys.currentKeyId().orElseThrow()
                + "), gone when the demo exits");
        instance = FaceGateInstance.open(config, keys, pipeline);
        if (instance.metricsPort() >= 0) {
            out.println("demo: metrics on http://localhost:" + instance.metricsPort() + "/metrics");
        }
        instance.start();

        Properties client = config.clientProperties();
        try (GateClient gate = new GateClient(client, config.topologySettings());
             TopicReader<Verdict> verdicts = new TopicReader<>(client, config.topics().verdicts(), Verdict.class, false);
             TopicReader<EnrolmentResult> results = new TopicReader<>(client, config.topics().enrolmentResults(), EnrolmentResult.class, false)) {
            enrolAll(cast.people(), gate, results);
            return sendChecks(cast, gate, verdicts);
        }
    }

    private DemoFaces.Cast cast() throws IOException {
        if (options.images().isPresent()) {
            return DemoFaces.fromLfw(options.images().get(), 50);
        }
        return DemoFaces.fromGroupPhotos(pipeline, samplePhotos());
    }

    /** The face-api sample photos the build fetched: under the working folder or beside target/. */
    public static Path samplePhotos() {
        Path relative = Path.of("tools", "models", "node_modules", "@vladmandic", "face-api", "demo");
        Path root = ModelsFolder.defaultDir().toAbsolutePath().getParent().getParent();
        for (Path candidate : List.of(relative, root.resolve(relative))) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new UsageException("no sample photos in " + relative + ": build with `mvn package` (it fetches them) "
                + "and run from the project folder, or give --images DIR");
    }

    private static String documentId(int person) {
        return String.format("DEMO-%04d", person);
    }

    private void enrolAll(List<DemoFaces.Person> people, GateClient gate, TopicReader<EnrolmentResult> results) {
        for (int i = 0; i < people.size(); i++) {
            gate.enrol(Enrolment.of(documentId(i), List.of(new EncodedImage("jpeg", people.get(i).enrolment())),
                    Instant.now(), "facegate-demo"));
        }
        gate.flush();
        int received = 0;
        long deadline = System.nanoTime() + VERDICT_TIMEOUT.toNanos();
        while (received < people.size() && System.nanoTime() < deadline) {
            for (EnrolmentResult r : results.poll(Duration.ofMillis(100))) {
                received++;
                out.printf("enrolment doc=%s person=%s status=%s%s templates=%d%n", r.documentId(),
                        people.get(Integer.parseInt(r.documentId().substring(5))).name(), r.status(),
                        r.reason() == null ? "" : " reason=" + r.reason(), r.templates());
            }
        }
        if (received < people.size()) {
            throw new IllegalStateException("only " + received + " of " + people.size() + " enrolment results arrived");
        }
    }

    private Summary sendChecks(DemoFaces.Cast cast, GateClient gate, TopicReader<Verdict> verdicts) {
        List<DemoFaces.Person> people = cast.people();
        int n = options.checks();
        Map<String, Integer> byDecision = new TreeMap<>();
        List<Double> latencies = new ArrayList<>();
        int genuine = 0;
        int genuineMatched = 0;
        int genuineJudgedAttack = 0;
        int impostors = 0;
        int impostorsMatched = 0;
        Map<String, Verdict> pending = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int person = i % people.size();
            // Every 4th check is an impostor (another person's live photo), every 4th a chip-photo check.
            boolean impostor = i % 4 == 3;
            boolean chip = i % 4 == 2;
            int shown = impostor ? impostorFor(people, person, i / 4) : person;
            String checkId = String.format("demo-%05d", i);
            String documentId = chip ? String.format("CHIP-%04d", person) : documentId(person);
            EncodedImage live = new EncodedImage("jpeg", people.get(shown).live());
            EncodedImage chipImage = chip ? new EncodedImage("jpeg", people.get(person).enrolment()) : null;
            long sent = System.nanoTime();
            gate.check(CheckRequest.of(checkId, "gate-" + (1 + i % 4), documentId, Instant.now(), live, chipImage));
            gate.flush();
            Verdict v = awaitVerdict(checkId, verdicts, pending);
            if (v == null) {
                out.printf("verdict check=%s MISSING after %d s%n", checkId, VERDICT_TIMEOUT.toSeconds());
                continue;
            }
            double ms = (System.nanoTime() - sent) / 1e6;
            latencies.add(ms);
            byDecision.merge(v.decision().name(), 1, Integer::sum);
            boolean matched = v.decision() == Decision.MATCH;
            if (impostor) {
                impostors++;
                impostorsMatched += matched ? 1 : 0;
            } else {
                genuine++;
                genuineMatched += matched ? 1 : 0;
                genuineJudgedAttack += v.reason() == Reason.PRESENTATION_ATTACK ? 1 : 0;
            }
            String verdictNote = impostor && matched ? " FALSE-MATCH" : !impostor && v.decision() == Decision.NO_MATCH ? " FALSE-NON-MATCH" : "";
            out.printf("verdict check=%s gate=%s doc=%s photo=%s expected=%s decision=%s%s%s threshold=%.3f compared=%s latency=%.0fms%s%n",
                    checkId, v.gateId(), v.documentId(), people.get(shown).name(), impostor ? "impostor" : "genuine",
                    v.decision(), v.reason() == null ? "" : " reason=" + v.reason(),
                    v.distance() == null ? "" : String.format(" distance=%.3f", v.distance()), v.threshold(),
                    v.comparedWith() == null ? "-" : v.comparedWith(), ms, verdictNote);
        }
        latencies.sort(Comparator.naturalOrder());
        if (genuineJudgedAttack > 0) {
            out.printf("demo: NOTE %d genuine checks were judged PRESENTATION ATTACKS: the demo's live photos are re-captured"
                    + " stock photos (photos of photos, soft and compressed), which is what presentation-attack detection is"
                    + " there to stop; its model was trained on one webcam's captures and prints (docs/presentation-attacks.md:"
                    + " what genuine travellers pay)%n", genuineJudgedAttack);
        }
        return new Summary(n, latencies.size(), byDecision, percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1), genuine, genuineMatched,
                genuineJudgedAttack, impostors,
                impostorsMatched, cast.recaptured() ? "face-api samples, genuine = re-captured variants" : "real pairs from " + cast.source());
    }

    private static Verdict awaitVerdict(String checkId, TopicReader<Verdict> verdicts, Map<String, Verdict> pending) {
        long deadline = System.nanoTime() + VERDICT_TIMEOUT.toNanos();
        while (!pending.containsKey(checkId) && System.nanoTime() < deadline) {
            for (Verdict v : verdicts.poll(Duration.ofMillis(20))) {
                pending.put(v.checkId(), v);
            }
        }
        return pending.remove(checkId);
    }

    /** Nearest-rank percentile of sorted values. */
    public static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    @Override
    public void close() {
        if (instance != null) {
            instance.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (broker != null) {
            broker.close();
        }
        deleteQuietly(options.workDir());
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }

    /**
     * Whose live photo an impostor check of {@code person} shows, turn by turn: another face of the same group photo
     * when there is one, since two faces of one photo are surely two people, while faces of different sample photos
     * are not known to be (the fusion matched two such cross-photo "impostors", sample4's and sample6's, that the
     * ResNet alone had rejected); otherwise the others in turn.
     */
    static int impostorFor(List<DemoFaces.Person> people, int person, int turn) {
        String group = group(people.get(person).name());
        List<Integer> sameGroup = new ArrayList<>();
        for (int k = 0; k < people.size(); k++) {
            if (k != person && group.equals(group(people.get(k).name()))) {
                sameGroup.add(k);
            }
        }
        if (!sameGroup.isEmpty()) {
            return sameGroup.get(turn % sameGroup.size());
        }
        return (person + 1 + turn % (people.size() - 1)) % people.size();
    }

    /** "sample4" for the face "sample4-face1" of a group photo; a person's own name otherwise. */
    private static String group(String name) {
        int face = name.lastIndexOf("-face");
        return face > 0 ? name.substring(0, face) : name;
    }
}
