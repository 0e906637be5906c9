package org.facegate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.facegate.config.FaceGateConfig;
import org.facegate.metrics.MetricsServer;
import org.facegate.topology.TopicReplication;
import org.facegate.topology.TopicSetup;
import org.junit.jupiter.api.Test;

/**
 * The files under {@code deploy/} parse and agree with each other and with the code: the config file loads, the
 * StatefulSet mounts what the image and the config expect, every FACEGATE_ variable is a real setting, the Strimzi
 * topics are the ones TopicSetup would create, both forms of the alert rules are equal, every query is well formed
 * and every alert has its runbook section. The metric names are checked against a running FaceGate by
 * {@link MetricNamesTest}; what the images copy from target/ by {@code ContainerImageIT}.
 */
class DeployFilesTest {

    /** Variables the entrypoint reads (deploy/docker/entrypoint.sh), not FaceGate settings. */
    private static final Set<String> ENTRYPOINT_VARIABLES = Set.of("FACEGATE_HOME", "FACEGATE_TMP_DIR", "FACEGATE_HEAP_PERCENT");
    private static final Path ENTRYPOINT = DeployFiles.DEPLOY.resolve("docker/entrypoint.sh");
    private static final List<Path> DOCKERFILES = List.of(DeployFiles.DEPLOY.resolve("docker/Dockerfile.cpu"),
            DeployFiles.DEPLOY.resolve("docker/Dockerfile.cuda"));

    private static JsonNode statefulSet() {
        return DeployFiles.resource(DeployFiles.BASE.resolve("statefulset.yaml"), "StatefulSet");
    }

    private static JsonNode container(JsonNode statefulSet) {
        return statefulSet.at("/spec/template/spec/containers/0");
    }

    private static FaceGateConfig configFile() {
        return FaceGateConfig.load(FaceGateConfig.readFile(DeployFiles.BASE.resolve("facegate.properties")), Map.of(), Map.of());
    }

    private static String mountPath(JsonNode container, String volume) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("name").asText().equals(volume)) {
                return m.path("mountPath").asText();
            }
        }
        throw new AssertionError("no volumeMount " + volume);
    }

    /** ENV key=value pairs, USER and COPY sources of a Dockerfile (after its last FROM). */
    private record Dockerfile(Map<String, String> env, String user, List<String> copySources) {

        static Dockerfile read(Path file) {
            String text = DeployFiles.read(file).replaceAll("\\\\\\n", " ");
            Map<String, String> env = new LinkedHashMap<>();
            String user = null;
            List<String> sources = new ArrayList<>();
            for (String line : text.split("\n")) {
                String l = line.strip();
                if (l.startsWith("#") || l.isEmpty()) {
                    continue;
                }
                String[] words = l.split("\\s+");
                switch (words[0]) {
                    case "ENV" -> {
                        Matcher m = Pattern.compile("([A-Z_]+)=(\"[^\"]*\"|\\S+)").matcher(l.substring(3));
                        while (m.find()) {
                            env.put(m.group(1), m.group(2).replace("\"", ""));
                        }
                    }
                    case "USER" -> user = words[1];
                    case "COPY" -> {
                        List<String> args = new ArrayList<>(List.of(words).subList(1, words.length));
                        if (args.stream().anyMatch(a -> a.startsWith("--from="))) {
                            continue; // from another stage, not from the build context
                        }
                        args.removeIf(a -> a.startsWith("--"));
                        sources.addAll(args.subList(0, args.size() - 1));
                    }
                    default -> {
                    }
                }
            }
            return new Dockerfile(env, user, sources);
        }
    }

    @Test
    void everyYamlAndJsonFileUnderDeployParses() {
        List<Path> yaml = DeployFiles.files(".yaml", ".yml");
        List<Path> json = DeployFiles.files(".json");
        assertTrue(yaml.size() >= 15, "YAML files found: " + yaml);
        assertEquals(1, json.size(), json.toString());
        for (Path p : yaml) {
            List<JsonNode> docs = DeployFiles.yaml(p);
            assertFalse(docs.isEmpty(), p + " has no document");
            docs.forEach(d -> assertTrue(d.isObject(), p + ": every document is a mapping"));
        }
        json.forEach(DeployFiles::json);
    }

    @Test
    void kubernetesManifestsAreCompleteAndKustomizationsNameExistingFiles() {
        for (Path p : DeployFiles.files(".yaml")) {
            if (!p.startsWith(DeployFiles.DEPLOY.resolve("kubernetes"))) {
                continue;
            }
            for (JsonNode doc : DeployFiles.yaml(p)) {
                assertTrue(doc.hasNonNull("apiVersion") && doc.hasNonNull("kind"), p + ": apiVersion and kind");
                if (doc.path("kind").asText().equals("Kustomization")) {
                    List<String> named = new ArrayList<>();
                    doc.path("resources").forEach(r -> named.add(r.asText()));
                    doc.path("patches").forEach(r -> named.add(r.path("path").asText()));
                    doc.path("configMapGenerator").forEach(g -> g.path("files").forEach(f -> named.add(f.asText())));
                    for (String n : named) {
                        assertTrue(Files.exists(p.getParent().resolve(n)), p + " names " + n + ", which does not exist");
                    }
                } else {
                    assertFalse(doc.at("/metadata/name").asText().isEmpty(), p + ": metadata.name");
                }
            }
        }
    }

    @Test
    void configFileLoadsAndTheStatefulSetMountsWhatTheImageAndConfigExpect() {
        FaceGateConfig config = configFile();
        JsonNode sts = statefulSet();
        JsonNode pod = sts.at("/spec/template/spec");
        JsonNode c = container(sts);

        assertEquals(Path.of(mountPath(c, "state")), config.stateDir(), "the state directory is the PVC");
        assertEquals("state", sts.at("/spec/volumeClaimTemplates/0/metadata/name").asText());
        assertEquals(config.metricsPort(), c.at("/ports/0/containerPort").asInt());
        assertEquals("metrics", c.at("/ports/0/name").asText());
        assertEquals("/health/live", c.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/health/ready", c.at("/readinessProbe/httpGet/path").asText());
        assertEquals("metrics", c.at("/readinessProbe/httpGet/port").asText());
        List<String> args = new ArrayList<>();
        c.path("args").forEach(a -> args.add(a.asText()));
        assertEquals(List.of("run", "--config", mountPath(c, "config") + "/facegate.properties"), args);
        assertTrue(config.standbyReplicas() >= 1, "standby replicas for fail-over");
        assertFalse(config.createTopics(), "topics come from the platform (Strimzi / topics --create)");
        assertTrue(pod.path("terminationGracePeriodSeconds").asInt() > 30, "FaceGate may take 30 s to leave the group");

        assertFalse(pod.path("enableServiceLinks").asBoolean(true),
                "service links would inject FACEGATE_..._PORT variables that FaceGate reads as settings");
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        assertTrue(c.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertTrue(c.at("/resources/limits/memory").isTextual() && c.at("/resources/requests/cpu").isTextual());

        for (Path file : DOCKERFILES) {
            Dockerfile d = Dockerfile.read(file);
            assertEquals(d.env().get("FACEGATE_STREAMS_STATE_DIR"), mountPath(c, "state"), file + " state dir");
            assertEquals(d.env().get("FACEGATE_TMP_DIR"), mountPath(c, "tmp"), file + " java.io.tmpdir is a volume");
            assertEquals(d.env().get("FACEGATE_METRICS_PORT"), Integer.toString(config.metricsPort()), file.toString());
            assertEquals(d.user(), pod.at("/securityContext/runAsUser").asText() + ":" + pod.at("/securityContext/runAsGroup").asText(), file.toString());
        }
    }

    @Test
    void everySecretTheStatefulSetUsesIsInTheExampleWithItsKeys() {
        Map<String, Set<String>> examples = new HashMap<>();
        for (JsonNode s : DeployFiles.yaml(DeployFiles.BASE.resolve("secrets.example.yaml"))) {
            Set<String> keys = new TreeSet<>();
            s.path("stringData").fieldNames().forEachRemaining(keys::add);
            examples.put(s.at("/metadata/name").asText(), keys);
            s.path("stringData").forEach(v -> assertTrue(v.asText().contains("REPLACE-ME"), "placeholders only: " + v));
        }
        JsonNode sts = statefulSet();
        for (JsonNode env : container(sts).path("env")) {
            JsonNode ref = env.at("/valueFrom/secretKeyRef");
            if (!ref.isMissingNode()) {
                assertTrue(examples.getOrDefault(ref.path("name").asText(), Set.of()).contains(ref.path("key").asText()),
                        "secrets.example.yaml has " + ref);
            }
        }
        for (JsonNode v : sts.at("/spec/template/spec/volumes")) {
            if (v.has("secret")) {
                assertTrue(examples.containsKey(v.at("/secret/secretName").asText()), "secrets.example.yaml has " + v);
            }
        }
        assertTrue(examples.get("facegate-kafka-ca").contains("ca.crt"));
        Path keyFile = configFile().templateKeyFile().orElseThrow(() -> new AssertionError("run refuses to start without a template key"));
        assertEquals(Path.of(mountPath(container(sts), "templates-key")), keyFile.getParent());
        assertTrue(examples.get("facegate-templates-key").contains(keyFile.getFileName().toString()), "the Secret holds " + keyFile);
        assertTrue(configFile().kafka().get("ssl.truststore.location").startsWith(mountPath(container(sts), "kafka-ca") + "/"));
    }

    @Test
    void everyFacegateVariableIsASettingOrAnEntrypointVariableAndTheirValuesLoad() {
        Set<String> settings = FaceGateConfig.keys().stream().map(FaceGateConfig.Key::environmentVariable).collect(Collectors.toSet());
        Map<String, String> env = new TreeMap<>();
        for (Path file : DOCKERFILES) {
            env.putAll(Dockerfile.read(file).env());
        }
        List<JsonNode> containers = List.of(container(statefulSet()),
                DeployFiles.yaml(DeployFiles.GPU.resolve("statefulset-gpu.yaml")).get(0).at("/spec/template/spec/containers/0"));
        for (JsonNode c : containers) {
            for (JsonNode e : c.path("env")) {
                env.put(e.path("name").asText(), e.has("value") ? e.path("value").asText() : "from-secret");
            }
        }
        String entrypoint = DeployFiles.read(ENTRYPOINT);
        Map<String, String> facegateEnv = new HashMap<>();
        env.forEach((name, value) -> {
            if (!name.startsWith("FACEGATE_")) {
                return;
            }
            if (ENTRYPOINT_VARIABLES.contains(name)) {
                assertTrue(entrypoint.contains(name), "entrypoint.sh reads " + name);
            } else if (name.startsWith("FACEGATE_KAFKA_")) {
                assertTrue(name.matches("FACEGATE_KAFKA_[A-Z0-9_]+"), name);
            } else {
                assertTrue(settings.contains(name), name + " is not a FaceGate setting (docs/configuration.md): a typo "
                        + "would be ignored silently");
                facegateEnv.put(name, value);
            }
        });
        FaceGateConfig withEnv = FaceGateConfig.load(FaceGateConfig.readFile(DeployFiles.BASE.resolve("facegate.properties")),
                facegateEnv, Map.of());
        assertEquals(32, withEnv.batchMaxSize(), "the GPU overlay's values load");
    }

    @Test
    void kustomizationsBuildWhereKubectlIsInstalled() throws Exception {
        if (!onPath("kubectl")) {
            return; // the structural checks above still ran
        }
        for (String dir : List.of("base", "overlays/gpu", "topics")) {
            assertCommandSucceeds(List.of("kubectl", "kustomize", DeployFiles.DEPLOY.resolve("kubernetes").resolve(dir).toString()));
        }
        String gpu = run(List.of("kubectl", "kustomize", DeployFiles.GPU.toString()), Map.of()).output();
        assertTrue(gpu.contains("nvidia.com/gpu: 1") && gpu.contains(":0.1.0-cuda") && gpu.contains("facegate.org/accelerator: gpu"), gpu);
        assertFalse(gpu.contains(":0.1.0-cpu"), "the overlay retags the image");
    }

    @Test
    void gpuOverlayRequestsAGpuAndMarksThePodForTheCpuFallbackAlert() {
        JsonNode patch = DeployFiles.yaml(DeployFiles.GPU.resolve("statefulset-gpu.yaml")).get(0);
        JsonNode c = patch.at("/spec/template/spec/containers/0");
        assertEquals("facegate", c.path("name").asText(), "the patch merges into the base container by name");
        assertEquals(1, c.at("/resources/limits/nvidia.com~1gpu").asInt());
        assertEquals("gpu", patch.at("/spec/template/metadata/labels/facegate.org~1accelerator").asText());
        assertEquals("cpu", statefulSet().at("/spec/template/metadata/labels/facegate.org~1accelerator").asText());
        JsonNode kustomization = DeployFiles.yaml(DeployFiles.GPU.resolve("kustomization.yaml")).get(0);
        JsonNode base = DeployFiles.yaml(DeployFiles.BASE.resolve("kustomization.yaml")).get(0);
        assertEquals(base.at("/images/0/newName").asText(), kustomization.at("/images/0/name").asText(),
                "the overlay retags the image the base already renamed");
        for (Path monitor : List.of(DeployFiles.BASE.resolve("podmonitor.yaml"), DeployFiles.DEPLOY.resolve("prometheus/prometheus.yml"))) {
            assertTrue(DeployFiles.read(monitor).contains("__meta_kubernetes_pod_label_facegate_org_accelerator"),
                    monitor + " copies the pod label to `accelerator`");
        }
    }

    @Test
    void strimziTopicsAreTheTopicsTopicSetupCreates() {
        FaceGateConfig config = configFile();
        Map<String, JsonNode> topics = new TreeMap<>();
        for (JsonNode t : DeployFiles.yaml(DeployFiles.DEPLOY.resolve("kubernetes/topics/kafka-topics.yaml"))) {
            assertEquals("KafkaTopic", t.path("kind").asText());
            topics.put(t.at("/spec/topicName").asText(), t);
        }
        List<NewTopic> expected = TopicSetup.newTopics(config.topologySettings(), config.partitions(),
                TopicReplication.unknownCluster(config.replicationFactor()));
        assertEquals(expected.stream().map(NewTopic::name).collect(Collectors.toCollection(TreeSet::new)), topics.keySet());
        for (NewTopic e : expected) {
            JsonNode spec = topics.get(e.name()).path("spec");
            assertEquals(config.partitions(), spec.path("partitions").asInt(), e.name() + " partitions = facegate.topics.partitions");
            assertEquals(config.replicationFactor(), spec.path("replicas").asInt(), e.name() + " replicas");
            Map<String, String> actual = new TreeMap<>();
            spec.path("config").fields().forEachRemaining(f -> actual.put(f.getKey(), f.getValue().asText()));
            Map<String, String> want = e.configs() == null ? Map.of() : e.configs();
            want.forEach((k, v) -> assertEquals(v, actual.get(k), e.name() + " " + k));
            actual.keySet().stream().filter(k -> !want.containsKey(k))
                    .forEach(k -> assertEquals("min.insync.replicas", k, e.name() + ": setting not from TopicSetup"));
        }
    }

    @Test
    void prometheusRuleCarriesTheSameGroupsAsAlertsYml() {
        assertEquals(DeployFiles.yaml(DeployFiles.ALERTS).get(0).path("groups"),
                DeployFiles.yaml(DeployFiles.PROMETHEUS_RULE).get(0).at("/spec/groups"),
                "edit deploy/prometheus/alerts.yml and deploy/kubernetes/base/prometheusrule.yaml together");
    }

    @Test
    void everyAlertHasASeverityAndARunbookSectionInOperationsDoc() {
        Set<String> anchors = new TreeSet<>();
        for (String line : DeployFiles.read(Path.of("docs/operations.md")).split("\n")) {
            if (line.startsWith("#")) {
                anchors.add(line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
        }
        for (JsonNode group : DeployFiles.yaml(DeployFiles.ALERTS).get(0).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                assertTrue(Set.of("page", "warning").contains(rule.at("/labels/severity").asText()), alert);
                String runbook = rule.at("/annotations/runbook").asText();
                assertEquals("docs/operations.md#" + alert.toLowerCase(Locale.ROOT), runbook, alert);
                assertTrue(anchors.contains(alert.toLowerCase(Locale.ROOT)), "docs/operations.md has a section " + alert);
            }
        }
    }

    @Test
    void everyAlertHasUnitTestsAndTheyPassWherePromtoolIsInstalled() throws Exception {
        Path tests = DeployFiles.DEPLOY.resolve("prometheus/alerts.test.yml");
        Set<String> tested = new TreeSet<>();
        for (JsonNode test : DeployFiles.yaml(tests).get(0).path("tests")) {
            test.path("alert_rule_test").forEach(t -> tested.add(t.path("alertname").asText()));
        }
        assertEquals(DeployFiles.alertExpressions(DeployFiles.yaml(DeployFiles.ALERTS).get(0).path("groups")).keySet(), tested,
                "every alert in alerts.yml has a case in alerts.test.yml");
        if (onPath("promtool")) {
            assertCommandSucceeds(List.of("promtool", "test", "rules", tests.toString()));
        }
    }

    /**
     * Without promtool, what makes FaceGateDeadLetters fire for a series born above zero (alerts.test.yml has that
     * case, run where promtool is): besides {@code increase(X[w])}, a half {@code X unless X offset w} that counts a
     * series absent {@code w} ago. A dead letter's labels are not all known in advance, so registering the known ones
     * at zero (MetricNamesTest) does not cover every series.
     */
    @Test
    void deadLetterAlertAlsoCountsASeriesThatIsBornAboveZero() {
        String expr = DeployFiles.alertExpressions(DeployFiles.yaml(DeployFiles.ALERTS).get(0).path("groups"))
                .get("FaceGateDeadLetters").replaceAll("\\s+", " ");
        Matcher increase = Pattern.compile("increase\\(facegate_dead_letters_total\\[(\\w+)]\\) *\\) > 0").matcher(expr);
        assertTrue(increase.find(), expr);
        String window = increase.group(1);
        assertTrue(expr.contains(" or "), "either half fires: " + expr);
        assertTrue(expr.contains("(facegate_dead_letters_total unless facegate_dead_letters_total offset " + window + ") > 0"),
                "FaceGateDeadLetters counts the series that did not exist " + window + " ago: " + expr);
    }

    @Test
    void architectureDocShowsTheGeneratedTopology() {
        String generated = DeployFiles.read(Path.of("topology/topology.md"));
        int start = generated.indexOf("```mermaid");
        String diagram = generated.substring(start, generated.indexOf("```", start + 10) + 3);
        assertTrue(DeployFiles.read(Path.of("docs/architecture.md")).contains(diagram),
                "docs/architecture.md carries topology/topology.md's diagram unchanged (copy it again)");
    }

    @Test
    void everyQueryIsWellFormed() throws Exception {
        Map<String, String> queries = DeployFiles.queries();
        assertTrue(queries.size() > 40, queries.keySet().toString());
        List<String> problems = new ArrayList<>();
        queries.forEach((where, expr) -> {
            try {
                PromQl.parse(expr);
            } catch (PromQl.InvalidQueryException e) {
                problems.add(where + ": " + e.getMessage());
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        // Prometheus' own parser, where it is installed (Debian: apt-get install prometheus).
        if (onPath("promtool")) {
            Path rules = Files.createTempFile("facegate-queries", ".yml");
            try {
                StringBuilder file = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
                int i = 0;
                for (String expr : DeployFiles.dashboardQueries().values()) {
                    if (expr.startsWith("label_values(")) {
                        continue; // Grafana's, not PromQL
                    }
                    String promql = expr.replace("$__rate_interval", "1m").replaceAll("\\$\\{?[a-z]+}?", ".*");
                    file.append("      - record: dashboard:query").append(i++).append("\n        expr: '")
                            .append(promql.replace("'", "''")).append("'\n");
                }
                Files.writeString(rules, file);
                assertCommandSucceeds(List.of("promtool", "check", "rules", DeployFiles.ALERTS.toString(), rules.toString()));
            } finally {
                Files.delete(rules);
            }
        }
    }

    @Test
    void entrypointIsValidBash() throws Exception {
        assertCommandSucceeds(List.of("bash", "-n", ENTRYPOINT.toString()));
        if (onPath("shellcheck")) {
            assertCommandSucceeds(List.of("shellcheck", ENTRYPOINT.toString()));
        }
    }

    @Test
    void entrypointHealthCheckAnswersWhatTheEndpointSays() throws Exception {
        PrometheusMeterRegistry registry = MetricsServer.prometheusRegistry();
        AtomicBoolean ready = new AtomicBoolean(false);
        try (MetricsServer server = MetricsServer.start(0, registry, ready::get)) {
            Map<String, String> env = Map.of("FACEGATE_METRICS_PORT", Integer.toString(server.port()));
            assertEquals(0, run(List.of("bash", ENTRYPOINT.toString(), "health", "live"), env).exit());
            assertEquals(1, run(List.of("bash", ENTRYPOINT.toString(), "health", "ready"), env).exit(), "503 is not healthy");
            ready.set(true);
            assertEquals(0, run(List.of("bash", ENTRYPOINT.toString(), "health", "ready"), env).exit());
            assertEquals(2, run(List.of("bash", ENTRYPOINT.toString(), "health", "nonsense"), env).exit());
        }
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Result refused = run(List.of("bash", ENTRYPOINT.toString(), "health", "live"), Map.of("FACEGATE_METRICS_PORT", Integer.toString(closedPort)));
        assertEquals(1, refused.exit());
        assertEquals("", refused.output(), "a refused connection is an exit code, not noise in the health log");
    }

    @Test
    void entrypointRefusesAnUnwritableTmpDirBeforeStartingJava() throws Exception {
        Result r = run(List.of("bash", ENTRYPOINT.toString(), "run"), Map.of("FACEGATE_TMP_DIR", "/proc/facegate-not-writable",
                "FACEGATE_HOME", "/nonexistent"));
        assertEquals(1, r.exit());
        assertTrue(r.output().contains("java.io.tmpdir (FACEGATE_TMP_DIR) '/proc/facegate-not-writable' is not writable"), r.output());
    }

    @Test
    void imagesCopyOnlyTheBuildOutputAndTheEntrypointAndTheirContextsSendOnlyThat() {
        List<String> expected = List.of("target/lib/", "target/models/", "target/facegate.jar", "deploy/docker/entrypoint.sh");
        for (Path file : DOCKERFILES) {
            assertEquals(expected, Dockerfile.read(file).copySources(), file.toString());
            List<String> included = DeployFiles.read(Path.of(file + ".dockerignore")).lines()
                    .filter(l -> l.startsWith("!")).map(l -> l.substring(1)).sorted().toList();
            assertEquals(expected.stream().sorted().toList(), included, file + ".dockerignore");
        }
        assertTrue(DeployFiles.read(DOCKERFILES.get(1)).contains("nvidia/cuda:12.") && DeployFiles.read(DOCKERFILES.get(1)).contains("cudnn-runtime"),
                "onnxruntime_gpu 1.24 needs CUDA 12 and cuDNN 9");
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    private static void assertCommandSucceeds(List<String> command) throws Exception {
        Result r = run(command, Map.of());
        assertEquals(0, r.exit(), command + ":\n" + r.output());
    }

    private static boolean onPath(String tool) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
