package org.facegate.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.facegate.config.FaceGateConfig;
import org.facegate.embedded.EmbeddedKafkaBroker;
import org.facegate.events.CheckRequest;
import org.facegate.events.Decision;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.Verdict;
import org.facegate.gate.GateClient;
import org.facegate.gate.TopicReader;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.testsupport.KafkaTestSupport;
import org.facegate.testsupport.TestFaces;
import org.facegate.testsupport.TestModels;
import org.facegate.topology.TopicSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker of its own whose client listener requires SASL/SCRAM-SHA-256 over TLS (certificate made here with the
 * JDK's keytool): FaceGate connects with the matching {@code kafka.*} settings and not without them; and when that
 * broker is stopped for a while and started again (same port and data), FaceGate carries on without a restart,
 * every check answered exactly once.
 */
class SecuredBrokerIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String LISTENER = "SECURE";
    private static final String USER = "facegate";
    private static final String PASSWORD = "facegate-secret";
    private static Path dir;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        Files.createDirectories(Path.of("target"));
        dir = Files.createTempDirectory(Path.of("target"), "secured-broker-");
        Path keystore = dir.resolve("broker.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", dir.resolve("broker.pem").toString());
        String prefix = "listener.name." + LISTENER.toLowerCase() + ".";
        Map<String, String> config = new HashMap<>();
        config.put("sasl.enabled.mechanisms", "SCRAM-SHA-256");
        config.put(prefix + "scram-sha-256.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        config.put(prefix + "ssl.keystore.location", keystore.toString());
        config.put(prefix + "ssl.keystore.type", "PKCS12");
        config.put(prefix + "ssl.keystore.password", "changeit");
        config.put(prefix + "ssl.key.password", "changeit");
        broker = EmbeddedKafkaBroker.start(0, dir.resolve("data"), config,
                List.of(new EmbeddedKafkaBroker.ExtraListener(LISTENER, "SASL_SSL", 0)));
        // The user, created over the broker's internal PLAINTEXT listener (as an operator would with an admin login).
        Properties admin = new Properties();
        admin.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin a = Admin.create(admin)) {
            a.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), PASSWORD))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
        KafkaTestSupport.deleteRecursively(dir);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool " + args[0] + ": " + Files.readString(dir.resolve("keytool.log")));
    }

    /** FaceGate's settings for the secured listener: {@code kafka.*} pass-through, as in docs/configuration.md. */
    private static Map<String, String> secured(String password) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.security.protocol", "SASL_SSL");
        s.put("kafka.sasl.mechanism", "SCRAM-SHA-256");
        s.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + USER + "\" password=\"" + password + "\";");
        s.put("kafka.ssl.truststore.type", "PEM");
        s.put("kafka.ssl.truststore.location", dir.resolve("broker.pem").toString());
        return s;
    }

    private static FaceGateService service(FaceGateConfig config) {
        return new FaceGateService(config, TemplateKeyRing.of(TemplateKey.generate()), TestModels.pipeline(), "cpu",
                new SimpleMeterRegistry(), Clock.systemUTC());
    }

    @Test
    void connectsOverSaslScramWithTlsOnlyWithTheRightCredentials() throws Exception {
        String secure = broker.bootstrapServers(LISTENER);
        Map<String, String> quick = Map.of("facegate.startup.timeout-ms", "5000");

        // Without credentials (plaintext to a TLS listener): no answer
        Map<String, String> none = new HashMap<>(quick);
        FaceGateService plain = service(KafkaTestSupport.config(secure, KafkaTestSupport.uniqueName("nocreds"), 2, none));
        long started = System.nanoTime();
        TopicSetup.TopicsNotReadyException e = assertThrows(TopicSetup.TopicsNotReadyException.class, plain::start);
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(30).toNanos(), "fails within the start-up timeout");
        plain.close();

        // With a wrong password: refused
        Map<String, String> wrong = new HashMap<>(quick);
        wrong.putAll(secured("not-the-password"));
        FaceGateService refused = service(KafkaTestSupport.config(secure, KafkaTestSupport.uniqueName("wrongpw"), 2, wrong));
        TopicSetup.TopicsNotReadyException auth = assertThrows(TopicSetup.TopicsNotReadyException.class, refused::start);
        assertTrue(auth.getMessage().contains("uthentication"), auth.getMessage());
        refused.close();

        // With the right ones: enrol and check end to end over SASL_SSL
        FaceGateConfig config = KafkaTestSupport.config(secure, KafkaTestSupport.uniqueName("sasl"), 2, secured(PASSWORD));
        FaceGateService service = service(config).start();
        Properties client = config.clientProperties();
        try (GateClient gate = new GateClient(client, config.topologySettings());
             TopicReader<Verdict> verdicts = new TopicReader<>(client, config.topics().verdicts(), Verdict.class, true);
             TopicReader<EnrolmentResult> results = new TopicReader<>(client, config.topics().enrolmentResults(), EnrolmentResult.class, true)) {
            gate.enrol(Enrolment.of("P1", List.of(new EncodedImage("jpeg", TestFaces.enrolment("alice"))), Instant.now(), "it"));
            gate.flush();
            assertEquals(EnrolmentStatus.ENROLLED, KafkaTestSupport.await(results, 1, WAIT).get(0).status());
            gate.check(CheckRequest.of("s1", "g", "P1", Instant.now(), new EncodedImage("jpeg", TestFaces.live("alice")), null));
            gate.flush();
            assertEquals(Decision.MATCH, KafkaTestSupport.await(verdicts, 1, WAIT).get(0).decision());
        } finally {
            service.close();
        }
        System.out.println("SASL_SSL: no credentials -> " + e.getMessage() + "; wrong password -> " + auth.getMessage());
    }

    @Test
    void carriesOnWithoutARestartWhenTheBrokerStopsAndStartsAgain() throws Exception {
        FaceGateConfig config = KafkaTestSupport.config(broker.bootstrapServers(LISTENER), KafkaTestSupport.uniqueName("outage"), 2,
                secured(PASSWORD));
        Properties client = config.clientProperties();
        Properties gateClient = new Properties();
        gateClient.putAll(client);
        gateClient.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WAIT.toMillis()); // a gate keeps trying
        gateClient.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WAIT.toMillis());
        FaceGateService service = service(config).start();
        Map<String, Decision> expected = new java.util.concurrent.ConcurrentHashMap<>();
        try (GateClient gate = new GateClient(gateClient, config.topologySettings());
             TopicReader<Verdict> verdicts = new TopicReader<>(client, config.topics().verdicts(), Verdict.class, true);
             TopicReader<EnrolmentResult> results = new TopicReader<>(client, config.topics().enrolmentResults(), EnrolmentResult.class, true)) {
            gate.enrol(Enrolment.of("P1", List.of(new EncodedImage("jpeg", TestFaces.enrolment("alice"))), Instant.now(), "it"));
            gate.flush();
            assertEquals(EnrolmentStatus.ENROLLED, KafkaTestSupport.await(results, 1, WAIT).get(0).status());

            // Checks flow (a gate thread that blocks while Kafka is away), the broker stops for a while, then starts again
            int n = 50;
            Thread sender = new Thread(() -> sendChecks(gate, expected, n, 100), "gate");
            sender.start();
            while (expected.size() < 15) {
                Thread.sleep(20);
            }
            long stopping = System.nanoTime();
            broker.close();
            Thread.sleep(3000);
            long downMs = (System.nanoTime() - stopping) / 1_000_000;
            broker = broker.startAgain();
            long restarted = System.nanoTime();
            sender.join(WAIT.toMillis());
            gate.flush();

            // Then every check is answered exactly once, by the same running application
            List<Verdict> got = KafkaTestSupport.await(verdicts, n, WAIT);
            double recoveryS = (System.nanoTime() - restarted) / 1e9;
            Map<String, Verdict> byId = got.stream().collect(Collectors.toMap(Verdict::checkId, Function.identity()));
            assertEquals(expected.keySet(), byId.keySet());
            expected.forEach((id, decision) -> assertEquals(decision, byId.get(id).decision(), id));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!service.isRunning() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(service.isRunning(), "Kafka Streams is RUNNING again");
            System.out.printf("broker outage: down %d ms (checks sent meanwhile); all %d verdicts %.1f s after the restart%n",
                    downMs, n, recoveryS);
        } finally {
            service.close();
        }
        try (TopicReader<Verdict> all = new TopicReader<>(client, config.topics().verdicts(), Verdict.class, true)) {
            KafkaTestSupport.await(all, expected.size(), WAIT);
            assertTrue(all.poll(Duration.ofSeconds(2)).isEmpty(), "no verdict twice");
        }
    }

    /** Sends {@code count} checks for P1, alternately genuine and impostor, {@code pauseMs} apart. */
    private static void sendChecks(GateClient gate, Map<String, Decision> expected, int count, long pauseMs) {
        try {
            for (int i = 0; i < count; i++) {
                boolean genuine = i % 2 == 0;
                String id = "o" + i;
                expected.put(id, genuine ? Decision.MATCH : Decision.NO_MATCH);
                gate.check(CheckRequest.of(id, "g", "P1", Instant.now(),
                        new EncodedImage("jpeg", TestFaces.live(genuine ? "alice" : "mallory")), null));
                Thread.sleep(pauseMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
