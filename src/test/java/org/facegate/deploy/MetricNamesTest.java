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
import java.util.UUID;
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

    @Test
    void everyMetricAndLabelTheAlertsAndTheDashboardUseIsExportedByARunningFaceGate(EmbeddedKafkaBroker broker) throws Exception {
        String name = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        FaceGateConfig config = KafkaTestSupport.config(broker.bootstrapServers(), name, 1,
                Map.of("facegate.streams.state-dir", dir.resolve("state").toString()));
        PrometheusMeterRegistry registry = MetricsServer.prometheusRegistry();
        FaceGateService service = new FaceGateService(config, TemplateKeyRing.of(TemplateKey.generate()), TestModels.pipeline(),
                "cpu", registry, Clock.systemUTC());
        String scrape;
        try (MetricsServer server = MetricsServer.start(0, registry, service::isRunning)) {
            service.start();
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
            HttpClient http = HttpClient.newHttpClient();
            scrape = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } finally {
            service.close();
        }

        List<Series> series = parseScrape(scrape);
        List<String> problems = new ArrayList<>();
        Map<String, String> queries = DeployFiles.queries();
        for (Map.Entry<String, String> q : queries.entrySet()) {
            PromQl.Parsed parsed = PromQl.parse(q.getValue());
            Set<String> labelsSeen = new TreeSet<>(TARGET_LABELS);
            for (PromQl.Selector selector : parsed.selectors()) {
                if (PROMETHEUS_SERIES.contains(selector.metric())) {
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
            for (String label : parsed.groupingLabels()) {
                if (!labelsSeen.contains(label)) {
                    problems.add(q.getKey() + ": groups by '" + label + "', a label none of its series has");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n\nscrape:\n" + scrape);
        // The gauges FaceGateService publishes read real values (a weakly held gauge object would read NaN).
        assertEquals(1.0, value(series, "facegate_ready", Map.of()), "Kafka Streams was RUNNING at the scrape");
        assertEquals(0.0, value(series, "facegate_input_lag_records", Map.of("input", "checks")), "every check was answered and committed");
        assertEquals(1.0, value(series, "facegate_enrolled_identities", Map.of()));
        assertEquals(0.0, value(series, "facegate_templates_plaintext", Map.of()), "templates sealed, as in production");
        assertTrue(queries.size() > 40, "queries checked: " + queries.size());
    }

    private static double value(List<Series> series, String name, Map<String, String> labels) {
        return series.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Series::value).findFirst().orElseThrow(() -> new AssertionError("no " + name + labels));
    }

    private static CheckRequest check(String checkId, String documentId, byte[] live) {
        return CheckRequest.of(checkId, "gate-m", documentId, Instant.now(), new EncodedImage("jpeg", live), null);
    }
}
