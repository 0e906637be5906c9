package org.facegate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The files under {@code deploy/} as the tests read them, and the PromQL queries in them. */
final class DeployFiles {

    static final Path DEPLOY = Path.of("deploy");
    static final Path ALERTS = DEPLOY.resolve("prometheus/alerts.yml");
    static final Path PROMETHEUS_RULE = DEPLOY.resolve("kubernetes/base/prometheusrule.yaml");
    static final Path DASHBOARD = DEPLOY.resolve("grafana/facegate-dashboard.json");
    static final Path BASE = DEPLOY.resolve("kubernetes/base");
    static final Path GPU = DEPLOY.resolve("kubernetes/overlays/gpu");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeployFiles() {
    }

    /** Every file under deploy/ whose name ends with one of {@code suffixes}, sorted. */
    static List<Path> files(String... suffixes) {
        try (Stream<Path> all = Files.walk(DEPLOY)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of a (possibly multi-document) YAML file; empty documents left out. */
    static List<JsonNode> yaml(Path file) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            List<JsonNode> out = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    out.add(doc);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    /** The one document of {@code kind} in {@code file}. */
    static JsonNode resource(Path file, String kind) {
        List<JsonNode> found = yaml(file).stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " in " + file + ", found " + found.size());
        }
        return found.get(0);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Alert name to expression, from a rule file's {@code groups} (alerts.yml, or a PrometheusRule's spec). */
    static Map<String, String> alertExpressions(JsonNode groups) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert") ? rule.get("alert").asText() : rule.path("record").asText();
                out.put(name, rule.path("expr").asText());
            }
        }
        return out;
    }

    /**
     * Every PromQL query in the alert rules (both forms) and the dashboard (panels and template variables), keyed
     * by where it is, e.g. {@code alerts.yml FaceGateDeadLetters} or {@code dashboard "Micro-batch size" B}.
     */
    static Map<String, String> queries() {
        Map<String, String> out = new LinkedHashMap<>();
        alertExpressions(yaml(ALERTS).get(0).path("groups")).forEach((name, expr) -> out.put("alerts.yml " + name, expr));
        alertExpressions(yaml(PROMETHEUS_RULE).get(0).path("spec").path("groups"))
                .forEach((name, expr) -> out.put("prometheusrule.yaml " + name, expr));
        out.putAll(dashboardQueries());
        return out;
    }

    static Map<String, String> dashboardQueries() {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode dashboard = json(DASHBOARD);
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.put("dashboard \"" + panel.path("title").asText() + "\" " + target.path("refId").asText(),
                        target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                out.put("dashboard variable " + variable.path("name").asText(), variable.path("query").path("query").asText());
            }
        }
        return out;
    }
}
