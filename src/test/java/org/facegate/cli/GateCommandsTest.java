package org.facegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.facegate.config.FaceGateConfig;
import org.facegate.demo.DemoFaces;
import org.facegate.embedded.EmbeddedKafkaBroker;
import org.facegate.embedded.KafkaBroker;
import org.facegate.service.FaceGateService;
import org.facegate.testsupport.KafkaTestSupport;
import org.facegate.testsupport.TestFaces;
import org.facegate.testsupport.TestModels;
import org.facegate.testsupport.TestPhotos;
import org.facegate.vision.FaceProblem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The gate-side commands {@code enrol}, {@code check} and {@code verdicts} against a running FaceGate. */
@ExtendWith(KafkaBroker.class)
class GateCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static FaceGateService service;
    private static String[] connection;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) throws Exception {
        String name = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        FaceGateConfig config = KafkaTestSupport.config(broker.bootstrapServers(), name, 1,
                Map.of("facegate.streams.state-dir", dir.resolve("state").toString()));
        service = new FaceGateService(config, TestModels.pipeline(), "cpu", new SimpleMeterRegistry(), Clock.systemUTC()).start();
        connection = new String[] {"--bootstrap-servers", broker.bootstrapServers(), "--set", "facegate.topic.prefix=" + name + "."};
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(args, connection);
    }

    private static String file(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p.toString();
    }

    @Test
    void enrolCheckVerdictsAndErase() throws Exception {
        DemoFaces.Person alice = TestFaces.person("alice");
        String enrolPhoto = file("alice-enrol.jpg", alice.enrolment());
        String livePhoto = file("alice-live.jpg", alice.live());

        CommandRun enrolled = run("enrol", "--document", "P-CLI-1", enrolPhoto);
        assertEquals(0, enrolled.exit(), enrolled.out());
        assertEquals("ENROLLED", enrolled.json().get("status").asText());

        CommandRun match = run("check", "--document", "P-CLI-1", "--gate", "G7", livePhoto);
        assertEquals(0, match.exit(), match.out());
        assertEquals("MATCH", match.json().get("decision").asText());
        assertEquals("G7", match.json().get("gateId").asText());

        CommandRun chip = run("check", "--document", "P-CLI-2", "--gate", "G7", livePhoto, "--chip", enrolPhoto);
        assertEquals("CHIP", chip.json().get("comparedWith").asText(), chip.out());

        CommandRun rejected = run("check", "--document", "P-CLI-1", "--gate", "G7",
                file("group.jpg", TestPhotos.withProblem(FaceProblem.MULTIPLE_FACES)));
        assertEquals(2, rejected.exit(), rejected.out());
        assertEquals("MULTIPLE_FACES", rejected.json().get("reason").asText());

        CommandRun all = run("verdicts", "--from-beginning");
        assertEquals(0, all.exit());
        assertEquals(3, all.out().lines().count(), all.out());

        CommandRun erased = run("enrol", "--document", "P-CLI-1", "--erase");
        assertEquals("ERASED", erased.json().get("status").asText(), erased.out());
        assertEquals("NOT_ENROLLED", run("check", "--document", "P-CLI-1", "--gate", "G7", livePhoto).json()
                .get("decision").asText());
    }

    @Test
    void aFileThatIsNotAPhotoIsAUsageError() throws Exception {
        CommandRun r = run("check", "--document", "P-CLI-1", "--gate", "G7", file("notes.txt", "hello".getBytes()));
        assertEquals(1, r.exit());
        assertTrue(r.out().isEmpty());
    }
}
