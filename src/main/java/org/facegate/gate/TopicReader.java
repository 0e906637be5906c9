package org.facegate.gate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.facegate.events.EventJson;

/**
 * Reads one of FaceGate's output topics as a gate would: all partitions, no consumer group,
 * {@code read_committed} (so only verdicts of committed transactions, each exactly once), from the beginning or
 * from now on.
 */
public final class TopicReader<T> implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Class<T> type;

    public TopicReader(Properties clientProperties, String topic, Class<T> type, boolean fromBeginning) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "facegate-reader-" + topic);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.type = type;
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (partitions == null || partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        List<TopicPartition> assigned = partitions.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(assigned);
        if (fromBeginning) {
            consumer.seekToBeginning(assigned);
        } else {
            consumer.seekToEnd(assigned);
            assigned.forEach(consumer::position); // fix the position now, before anything new arrives
        }
    }

    /** The events that arrived within {@code timeout} (possibly none). */
    public List<T> poll(Duration timeout) {
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            if (r.value() != null) {
                out.add(EventJson.read(r.value(), type));
            }
        }
        return out;
    }

    /**
     * The first event {@code wanted} accepts within {@code timeout}, or empty; the events before it are read and
     * dropped.
     */
    public Optional<T> first(Predicate<T> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (T event : poll(Duration.ofMillis(100))) {
                if (wanted.test(event)) {
                    return Optional.of(event);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
