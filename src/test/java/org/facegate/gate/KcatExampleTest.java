package org.facegate.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.facegate.config.FaceGateConfig;
import org.facegate.embedded.EmbeddedKafkaBroker;
import org.facegate.embedded.KafkaBroker;
import org.facegate.service.FaceGateService;
import org.facegate.testsupport.KafkaTestSupport;
import org.facegate.testsupport.TestFaces;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the kcat worked example of {@code docs/integration.md} as written there (the shell blocks marked
 * {@value #MARKER}) against the suite's embedded broker and a FaceGate service: an enrolment and a check produced with
 * {@code kcat -P -k documentId}, the verdict read with {@code kcat -C -X isolation.level=read_committed}. Only the
 * topic names get this test's prefix and {@code BROKER} the embedded broker's address. Skips when {@code kcat} is not
 * installed.
 */
@ExtendWith(KafkaBroker.class)
class KcatExampleTest {

    static final String MARKER = "<!-- KcatExampleTest runs the next block -->";
    private static final Path DOC = Path.of("docs/integration.md");

    @TempDir
    Path dir;

    @Test
    void theKcatWorkedExampleGetsAMatchForTheSamePersonsPhoto(EmbeddedKafkaBroker broker) throws Exception {
        Assumptions.assumeTrue(onPath("kcat"),
                "kcat not installed (Debian: apt-get install kcat); the worked example in docs/integration.md is not exercised");
        String script = exampleScript();
        String name = KafkaTestSupport.uniqueName("kcat");
        FaceGateConfig config = KafkaTestSupport.config(broker.bootstrapServers(), name, 2,
                Map.of("facegate.streams.state-dir", dir.resolve("state").toString()));
        String prefixed = script.replaceAll("(?<=\\s)(passport-checks|enrolments|verdicts|enrolment-results)(?=\\s|$)",
                name + ".$1");
        Files.write(dir.resolve("enrol.jpg"), TestFaces.enrolment("alice"));
        Files.write(dir.resolve("live.jpg"), TestFaces.live("alice"));

        try (FaceGateService service = new FaceGateService(config, TestModels.pipeline(), "cpu",
                new SimpleMeterRegistry(), Clock.systemUTC()).start()) {
            ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", prefixed)
                    .directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("BROKER", broker.bootstrapServers());
            Process p = pb.start();
            boolean ended = p.waitFor(240, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(ended, "the example ended within 240 s:\n" + out);
            assertEquals(0, p.exitValue(), "the example's exit status:\n" + out);
            assertTrue(out.contains("\"status\":\"ENROLLED\""), "the enrolment result was printed:\n" + out);
            assertTrue(out.contains("\"decision\":\"MATCH\""), "the verdict was printed, a MATCH:\n" + out);
        }
    }

    /** The marked {@code sh} blocks of docs/integration.md, in order. */
    private static String exampleScript() throws IOException {
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        List<String> script = new ArrayList<>();
        int blocks = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).trim().equals(MARKER)) {
                continue;
            }
            assertEquals("```sh", lines.get(i + 1).trim(), "a marked block is a sh block, right after the marker");
            int j = i + 2;
            while (!lines.get(j).trim().equals("```")) {
                script.add(lines.get(j++));
            }
            blocks++;
        }
        assertFalse(blocks == 0, "docs/integration.md has blocks marked " + MARKER);
        return String.join("\n", script) + "\n";
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }
}
