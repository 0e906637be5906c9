package org.facegate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facegate.config.FaceGateConfig;
import org.facegate.embedded.EmbeddedKafkaBroker;
import org.facegate.embedded.KafkaBroker;
import org.facegate.events.CheckRequest;
import org.facegate.events.Decision;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.Verdict;
import org.facegate.gate.GateClient;
import org.facegate.gate.TopicReader;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.metrics.MetricsServer;
import org.facegate.service.FaceGateService;
import org.facegate.testsupport.KafkaTestSupport;
import org.facegate.testsupport.TestModels;
import org.facegate.testsupport.TestPhotos;
import org.facegate.vision.FaceProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the alert rules and the dashboard name is exported by a running FaceGate, and every selector
 * selects something. The test starts the real service on the shared embedded broker with the production registry
 * and HTTP endpoint, sends an enrolment and checks that produce each decision (MATCH, NO_MATCH, NOT_ENROLLED,
 * REJECTED for no face and for an invalid event) and a record that can only be a dead letter, scrapes
 * {@code /metrics} as Prometheus would, and compares: each query's metric names must be series in the scrape,
 * the label matchers must match at least one of those series (labels Prometheus adds at scrape time such as
 * {@code namespace} and {@code pod} excepted), and the labels in {@code by (...)} / {@code on (...)} must exist.
 * A second run scrapes before any traffic: every {@code facegate_} metric named anywhere in deploy/ is there
 * already, at zero (an alert's {@code increase()} cannot see the first event of a series born at 1).
 */
@ExtendWith(KafkaBroker.class)
class MetricNamesTest {

    /** Labels Prometheus attaches to every series of a target (scrape configs, PodMonitor), not FaceGate. */
    static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "container", "instance", "job", "accelerator");
    /** Series Prometheus makes itself for each target. */
    static final Set<String> PROMETHEUS_SERIES = Set.of("up");
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+).*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** A FaceGate metric name in any file (not a longer name that contains one, e.g. a pod label). */
    private static final Pattern FACEGATE_NAME = Pattern.compile("(?<![A-Za-z0-9_:])facegate_[a-z0-9_]+");

    @TempDir
    Path dir;

    /** One scraped sample's name, labels and value. */
    record Series(String name, Map<String, String> labels, double value) {
    }

    static List<Series> parseScrape(String body) {
        List<Series> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a Prometheus text-format sample: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            }
            out.add(new Series(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return out;
    }

    /** The service on the shared broker with the production registry and endpoint, under a name of its own. */
    private record Running(FaceGateConfig config, FaceGateService service, MetricsServer server) implements AutoCloseable {

        static Running start(EmbeddedKafkaBroker broker, Path dir) throws InterruptedException {
            FaceGateConfig config = KafkaTestSupport.config(broker.bootstrapServers(), KafkaTestSupport.uniqueName("metrics"), 1,
                    Map.of("facegate.streams.state-dir", dir.resolve("state").toString()));
            PrometheusMeterRegistry registry = MetricsServer.prometheusRegistry();
            FaceGateService service = new FaceGateService(config, TemplateKeyRing.of(TemplateKey.generate()), TestModels.pipeline(),
                    "cpu", registry, Clock.systemUTC());
            MetricsServer server = MetricsServer.start(0, registry, service::isRunning);
            try {
                service.start();
            } catch (RuntimeException | InterruptedException e) {
                service.close();
                server.close();
                throw e;
            }
            return new Running(config, service, server);
        }

        /** {@code /metrics} as Prometheus scrapes it. */
        List<Series> scrape() throws Exception {
            return parseScrape(HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }

        @Override
        public void close() {
            service.close();
            server.close();
        }
    }

    @Test
    void everyMetricAndLabelTheAlertsAndTheDashboardUseIsExportedByARunningFaceGate(EmbeddedKafkaBroker broker) throws Exception {
        List<Series> series;
        try (Running running = Running.start(broker, dir)) {
            FaceGateConfig config = running.config();
            Properties client = config.clientProperties();
            try (GateClient gate = new GateClient(client, config.topologySettings());
                 TopicReader<Verdict> verdicts = new TopicReader<>(client, config.topics().verdicts(), Verdict.class, true);
                 TopicReader<EnrolmentResult> results = new TopicReader<>(client, config.topics().enrolmentResults(), EnrolmentResult.class, true)) {
                // Given an enrolled identity
                var people = TestPhotos.distinctPeople(2);
                gate.enrol(Enrolment.of("D1", List.of(new EncodedImage("jpeg", people.get(0).enrolment())), Instant.now(), "test"));
                gate.flush();
                assertEquals(1, KafkaTestSupport.await(results, 1, WAIT).size());

                // When gates send checks of every kind, and a record that is not even JSON
                gate.check(check("m1", "D1", people.get(0).live()));
                gate.check(check("m2", "D1", people.get(1).live()));
                gate.check(check("m3", "D2", people.get(1).live()));
                gate.check(CheckRequest.of("m4", "gate-m", "D1", Instant.now(),
                        new EncodedImage("png", TestPhotos.withProblem(FaceProblem.NO_FACE)), null));
                gate.send(config.topics().checks(), "D1", "{\"checkId\":\"m5\"}".getBytes(StandardCharsets.UTF_8));
                gate.send(config.topics().checks(), "D1", "not json".getBytes(StandardCharsets.UTF_8));
                gate.flush();
                List<Verdict> got = KafkaTestSupport.await(verdicts, 5, WAIT);
                assertEquals(Set.of(Decision.MATCH, Decision.NO_MATCH, Decision.NOT_ENROLLED, Decision.REJECTED),
                        Set.copyOf(got.stream().map(Verdict::decision).toList()), got.toString());
            }
            // Then scrape as Prometheus does
            series = running.scrape();
        }

        Map<String, String> queries = DeployFiles.queries();
        List<String> problems = selectorProblems(queries, series, metric -> true);
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n\nscrape:\n" + series);
        // The gauges FaceGateService publishes read real values (a weakly held gauge object would read NaN).
        assertEquals(1.0, value(series, "facegate_ready", Map.of()), "Kafka Streams was RUNNING at the scrape");
        assertEquals(0.0, value(series, "facegate_input_lag_records", Map.of("input", "checks")), "every check was answered and committed");
        assertEquals(1.0, value(series, "facegate_enrolled_identities", Map.of()));
        assertEquals(1.0, value(series, "facegate_templates", Map.of("model_id", TestModels.pipeline().modelId())),
                "the one enrolment's template, under the model in use");
        assertEquals(0.0, value(series, "facegate_templates_plaintext", Map.of()), "templates sealed, as in production");
        assertTrue(queries.size() > 40, "queries checked: " + queries.size());
    }

    @Test
    void everyFacegateMetricNamedInDeployIsOnTheFirstScrapeBeforeAnyTrafficAtZero(EmbeddedKafkaBroker broker) throws Exception {
        List<Series> first;
        String checksTopic;
        try (Running running = Running.start(broker, dir)) {
            checksTopic = running.config().topics().checks();
            first = running.scrape();
        }

        Set<String> named = new TreeSet<>();
        for (Path file : DeployFiles.files("")) {
            FACEGATE_NAME.matcher(DeployFiles.read(file)).results().forEach(m -> named.add(m.group()));
        }
        assertTrue(named.containsAll(Set.of("facegate_dead_letters_total", "facegate_verdicts_total",
                "facegate_inference_stage_seconds_count", "facegate_batch_size_bucket")), "names found in deploy/: " + named);
        Set<String> scraped = first.stream().map(Series::name).collect(java.util.stream.Collectors.toSet());
        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(scraped);
        assertTrue(missing.isEmpty(), "not on the first scrape: " + missing + "\n\nscrape:\n" + first);
        // Each facegate_ selector of the alerts and the dashboard selects a series already (e.g. REJECTED INVALID_EVENT).
        List<String> problems = selectorProblems(DeployFiles.queries(), first, metric -> metric.startsWith("facegate_"));
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n\nscrape:\n" + first);

        // And every counter and histogram count is at zero: the first event will be an increase from 0.
        List<Series> counted = first.stream().filter(s -> s.name().startsWith("facegate_")
                && (s.name().endsWith("_total") || s.name().endsWith("_count"))).toList();
        assertEquals(List.of(), counted.stream().filter(s -> s.value() != 0).toList(), "no traffic yet");
        assertEquals(0.0, value(first, "facegate_dead_letters_total", Map.of("topic", checksTopic, "reason", "MALFORMED_JSON")),
                "the dead letter of the alert's test case, registered for the checks topic");
        assertEquals(0.0, value(first, "facegate_verdicts_total", Map.of("decision", "REJECTED", "reason", "INVALID_EVENT")));
        assertEquals(0.0, value(first, "facegate_inference_stage_seconds_count", Map.of("stage", "embed")));
    }

    /**
     * What is wrong with the selectors (of metrics {@code checked}) in {@code queries} against a scrape: a metric not
     * exported, label matchers that select none of its series, a grouping label none of the query's series has.
     */
    private static List<String> selectorProblems(Map<String, String> queries, List<Series> series, Predicate<String> checked) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> q : queries.entrySet()) {
            PromQl.Parsed parsed = PromQl.parse(q.getValue());
            Set<String> labelsSeen = new TreeSet<>(TARGET_LABELS);
            boolean all = true;
            for (PromQl.Selector selector : parsed.selectors()) {
                if (PROMETHEUS_SERIES.contains(selector.metric())) {
                    continue;
                }
                if (!checked.test(selector.metric())) {
                    all = false;
                    continue;
                }
                List<Series> named = series.stream().filter(s -> s.name().equals(selector.metric())).toList();
                if (named.isEmpty()) {
                    problems.add(q.getKey() + ": FaceGate does not export " + selector.metric());
                    continue;
                }
                named.forEach(s -> labelsSeen.addAll(s.labels().keySet()));
                List<PromQl.Matcher> own = selector.matchers().stream()
                        .filter(m -> !TARGET_LABELS.contains(m.label()) && !m.label().equals("__name__")).toList();
                boolean any = named.stream().anyMatch(s -> own.stream().allMatch(m -> m.matches(s.labels().get(m.label()))));
                if (!any) {
                    problems.add(q.getKey() + ": " + selector.metric() + own + " selects none of "
                            + named.stream().map(Series::labels).toList());
                }
            }
            // Grouping labels can be checked only when every series the query reads was.
            for (String label : all ? parsed.groupingLabels() : Set.<String>of()) {
                if (!labelsSeen.contains(label)) {
                    problems.add(q.getKey() + ": groups by '" + label + "', a label none of its series has");
                }
            }
        }
        return problems;
    }

    private static double value(List<Series> series, String name, Map<String, String> labels) {
        return series.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Series::value).findFirst().orElseThrow(() -> new AssertionError("no " + name + labels));
    }

    private static CheckRequest check(String checkId, String documentId, byte[] live) {
        return CheckRequest.of(checkId, "gate-m", documentId, Instant.now(), new EncodedImage("jpeg", live), null);
    }
}
