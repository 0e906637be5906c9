package org.facegate.gate;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.facegate.events.CheckRequest;
import org.facegate.events.Enrolment;
import org.facegate.events.EventJson;
import org.facegate.topology.TopologySettings;

/**
 * What a gate or an enrolment system does: publishes check requests, enrolments and erasures, keyed by documentId
 * as FaceGate requires. Idempotent producer with {@code acks=all} and a request size that fits the largest valid
 * event. Used by the {@code enrol}, {@code check} and {@code demo} commands and the integration tests.
 */
public final class GateClient implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final TopologySettings settings;

    public GateClient(Properties clientProperties, TopologySettings settings) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0); // a gate sends one check and waits for its verdict
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, settings.maxEnrolmentRecordBytes());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "facegate-gate-client");
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.settings = settings;
    }

    public Future<RecordMetadata> check(CheckRequest request) {
        return send(settings.topics().checks(), request.documentId(), EventJson.write(request));
    }

    public Future<RecordMetadata> enrol(Enrolment enrolment) {
        return send(settings.topics().enrolments(), enrolment.documentId(), EventJson.write(enrolment));
    }

    /** Publishes the tombstone that erases {@code documentId}'s templates. */
    public Future<RecordMetadata> erase(String documentId) {
        return send(settings.topics().enrolments(), documentId, null);
    }

    /** Sends raw bytes (for tests of bad events). */
    public Future<RecordMetadata> send(String topic, String key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
