package org.facegate.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facegate.embedded.EmbeddedKafkaBroker;
import org.facegate.embedded.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo path with a few checks against the shared broker, its metrics endpoint scraped while it runs: every
 * check gets a verdict, and the verdict-latency histogram has counts before the demo ends.
 */
@ExtendWith(KafkaBroker.class)
class DemoTest {

    private static final Pattern LATENCY_COUNT =
            Pattern.compile("^facegate_verdict_latency_seconds_count\\{[^}]*} (\\d+)", Pattern.MULTILINE);
    private static final int CHECKS = 8;

    @TempDir
    Path work;

    @Test
    void anImpostorIsAnotherFaceOfTheSamePhotoWhenThereIsOne() {
        byte[] none = new byte[0];
        List<DemoFaces.Person> people = List.of(new DemoFaces.Person("sample1-face0", none, none),
                new DemoFaces.Person("sample1-face1", none, none), new DemoFaces.Person("sample2-face0", none, none),
                new DemoFaces.Person("sample3-face0", none, none), new DemoFaces.Person("sample3-face1", none, none),
                new DemoFaces.Person("sample3-face2", none, none));
        for (int turn = 0; turn < 4; turn++) {
            assertEquals(1, Demo.impostorFor(people, 0, turn), "sample1's other face");
            int forSample3 = Demo.impostorFor(people, 3, turn);
            assertTrue(forSample3 == 4 || forSample3 == 5, "one of sample3's other faces: " + forSample3);
            int alone = Demo.impostorFor(people, 2, turn);
            assertTrue(alone != 2, "a face alone in its photo gets someone else");
        }
        assertEquals(5, Demo.impostorFor(people, 3, 1), "turns go round the photo's other faces");
    }

    @Test
    void everyCheckGetsAVerdictAndTheLatencyHistogramFillsWhileItRuns(EmbeddedKafkaBroker broker) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Demo demo = new Demo(new Demo.Options(CHECKS, port, Optional.empty(), Optional.of(broker.bootstrapServers()),
                work.resolve("demo")), new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            CompletableFuture<Demo.Summary> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return demo.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long latencyCount = 0;
            boolean sawReady = false;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            while (!running.isDone()) {
                try {
                    String body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    latencyCount = Math.max(latencyCount, sum(body));
                    sawReady |= http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (java.io.IOException notYetListening) {
                    // the endpoint starts after the photos are prepared
                }
                Thread.sleep(200);
            }
            Demo.Summary summary = running.get(1, TimeUnit.SECONDS);
            String output = printed.toString(StandardCharsets.UTF_8);

            assertEquals(CHECKS, summary.verdicts(), output);
            assertEquals(0, summary.exitCode());
            assertTrue(latencyCount > 0, "the latency histogram had counts while the demo ran");
            assertTrue(sawReady, "/health/ready answered 200 while the topology ran");
            assertEquals(CHECKS, output.lines().filter(l -> l.startsWith("verdict ")).count(), output);
            assertTrue(output.contains("RE-CAPTURED VARIANTS"), "the demo says plainly that genuine photos are re-captured");

            JsonNode json = new ObjectMapper().readTree(summary.json());
            assertEquals(CHECKS, json.get("checks").asInt());
            assertEquals(CHECKS, json.get("verdicts").asInt());
            int decided = 0;
            for (JsonNode n : json.get("byDecision")) {
                decided += n.asInt();
            }
            assertEquals(CHECKS, decided);
            assertTrue(json.at("/latencyMs/p50").asDouble() > 0);
            assertTrue(json.at("/latencyMs/p99").asDouble() >= json.at("/latencyMs/p50").asDouble());
            // Re-captured stock photos are photos of photos: presentation-attack detection may reject some (counted and
            // said); every other genuine check matches.
            assertEquals(summary.genuine(), summary.genuineMatched() + summary.genuineJudgedAttack(),
                    "re-captured genuine faces match unless judged presentation attacks: " + output);
            assertEquals(summary.genuineJudgedAttack() > 0, output.contains("judged PRESENTATION ATTACKS"), output);
            assertEquals(0, summary.impostorsMatched(), "another face of the same photo never matches: " + output);
        } finally {
            demo.close();
        }
    }

    private static long sum(String metrics) {
        long total = 0;
        Matcher m = LATENCY_COUNT.matcher(metrics);
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }
}
