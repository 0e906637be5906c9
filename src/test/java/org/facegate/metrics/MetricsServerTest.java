package org.facegate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.facegate.events.ComparedWith;
import org.facegate.events.DeadLetterReason;
import org.facegate.events.Decision;
import org.facegate.events.Reason;
import org.facegate.events.Verdict;
import org.facegate.events.VerdictTimings;
import org.facegate.vision.StageTimings;
import org.junit.jupiter.api.Test;

/** The HTTP endpoint as Prometheus and Kubernetes see it, and the names and labels of FaceGate's meters. */
class MetricsServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesMetricsAndHealthAndReadinessFollowsTheSupplier() throws Exception {
        PrometheusMeterRegistry registry = MetricsServer.prometheusRegistry();
        AtomicBoolean ready = new AtomicBoolean(false);
        try (MetricsServer server = MetricsServer.start(0, registry, ready::get);
             FaceGateMetrics metrics = new FaceGateMetrics(registry)) {
            Instant t = Instant.parse("2025-06-01T08:00:00Z");
            metrics.verdict(new Verdict(1, "c", "g", "SECRET-DOC-1", Decision.MATCH, null, null, 0.3, 0.6, "m", t,
                    t.plusMillis(400), VerdictTimings.NONE, ComparedWith.ENROLMENT, null), 250_000_000L);
            metrics.verdict(new Verdict(1, "c2", "g", "SECRET-DOC-1", Decision.REJECTED, Reason.NO_FACE, "x", null, 0.6,
                    "m", t, t.plusMillis(100), VerdictTimings.NONE, null, null), 50_000_000L);
            metrics.stages(new StageTimings(4, 9, 1.5, 0.3, 4));
            metrics.deadLetter("passport-checks", DeadLetterReason.MALFORMED_JSON);
            metrics.identitiesChanged(3);
            metrics.executionProvider("cpu");
            metrics.readiness(ready::get);

            assertEquals(200, get(server.port(), "/health/live").statusCode());
            assertEquals(503, get(server.port(), "/health/ready").statusCode());
            ready.set(true);
            assertEquals(200, get(server.port(), "/health/ready").statusCode());

            System.gc(); // a gauge whose object is only weakly held would read NaN from now on
            HttpResponse<String> scrape = get(server.port(), "/metrics");
            assertEquals(200, scrape.statusCode());
            String body = scrape.body();
            assertTrue(body.contains("facegate_verdict_latency_seconds_bucket{decision=\"MATCH\",le=\"0.5\"} 1"), body);
            assertTrue(body.contains("facegate_verdict_latency_seconds_count{decision=\"MATCH\"} 1"));
            assertTrue(body.contains("facegate_processing_seconds_count{event=\"check\"} 2"));
            assertTrue(body.contains("facegate_verdicts_total{decision=\"REJECTED\",reason=\"NO_FACE\"} 1.0"));
            assertTrue(body.contains("facegate_inference_stage_seconds_count{stage=\"embed\"} 1"));
            assertTrue(body.contains("facegate_dead_letters_total{reason=\"MALFORMED_JSON\",topic=\"passport-checks\"} 1.0"));
            assertTrue(body.contains("facegate_enrolled_identities 3.0"));
            assertTrue(body.contains("facegate_execution_provider{provider=\"cpu\"} 1.0"));
            assertTrue(body.contains("facegate_ready 1.0"), "readiness as a gauge, as /health/ready said");
            assertTrue(body.contains("jvm_memory_used_bytes"));
            assertFalse(body.contains("SECRET-DOC-1"), "never a document id in a label");

            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        }
    }

    @Test
    void closeRemovesEveryMeterItRegistered() {
        PrometheusMeterRegistry registry = MetricsServer.prometheusRegistry();
        int before = registry.getMeters().size();
        FaceGateMetrics metrics = new FaceGateMetrics(registry);
        metrics.deadLetter("t", DeadLetterReason.NO_CHECK_ID);
        metrics.stages(new StageTimings(1, 1, 1, 1, 1));
        metrics.close();
        assertEquals(before, registry.getMeters().size());
    }
}
