package org.facegate.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.facegate.config.FaceGateConfig;
import org.facegate.gate.TopicReader;

/** Helpers shared by the tests that run FaceGate against a real (in-process) broker. */
public final class KafkaTestSupport {

    private KafkaTestSupport() {
    }

    public static String uniqueName(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A config of its own (application id, topic prefix and state dir named {@code name}), metrics off, plus
     * {@code extra} settings.
     */
    public static FaceGateConfig config(String bootstrapServers, String name, int partitions, Map<String, String> extra) {
        Map<String, String> o = new HashMap<>();
        o.put("facegate.bootstrap.servers", bootstrapServers);
        o.put("facegate.application.id", name);
        o.put("facegate.topic.prefix", name + ".");
        o.put("facegate.topics.partitions", Integer.toString(partitions));
        o.put("facegate.streams.state-dir", "target/streams-state/" + name);
        o.put("facegate.metrics.port", "-1");
        o.putAll(extra);
        return FaceGateConfig.load(new Properties(), Map.of(), o);
    }

    /** Reads until {@code count} events arrived or {@code wait} passed; asserts the count. */
    public static <T> List<T> await(TopicReader<T> reader, int count, Duration wait) {
        List<T> got = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            got.addAll(reader.poll(Duration.ofMillis(200)));
        }
        assertEquals(count, got.size(), "events within " + wait.toSeconds() + " s");
        return got;
    }

    /**
     * Every committed record of {@code topic} from the beginning (read_committed), reading until {@code done} holds for
     * what was read or {@code wait} passed.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(Properties client, String topic, Duration wait,
                                                                     Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + wait.toNanos();
            while (!done.test(out) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
