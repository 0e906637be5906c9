package org.facegate.topology;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.facegate.events.DeadLetterReason;
import org.facegate.metrics.FaceGateMetrics;

/**
 * Sends a record that cannot be answered (no checkId, or no documentId for an enrolment) to the dead-letter topic
 * unchanged, with headers saying why and where it came from. The original headers are kept.
 */
final class DeadLetters {

    static final String REASON = "facegate.dlq.reason";
    static final String DETAIL = "facegate.dlq.detail";
    static final String TOPIC = "facegate.dlq.topic";
    static final String PARTITION = "facegate.dlq.partition";
    static final String OFFSET = "facegate.dlq.offset";

    private DeadLetters() {
    }

    /**
     * The reasons a record of each input can be dead-lettered for, by source topic: every reason but the other
     * input's own (an enrolment has no checkId to miss, and a check without a documentId is REJECTED, not dead).
     * The topology registers these counters at zero so that the first dead letter is an increase an alert sees.
     */
    static Map<String, Set<DeadLetterReason>> reasonsBySource(Topics topics) {
        return Map.of(topics.checks(), EnumSet.complementOf(EnumSet.of(DeadLetterReason.NO_DOCUMENT_ID)),
                topics.enrolments(), EnumSet.complementOf(EnumSet.of(DeadLetterReason.NO_CHECK_ID)));
    }

    static void send(ProcessorContext<byte[], byte[]> context, Record<byte[], byte[]> record, DeadLetterReason reason,
                     String detail, FaceGateMetrics metrics) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        put(headers, REASON, reason.name());
        put(headers, DETAIL, detail);
        String topic = "unknown";
        RecordMetadata metadata = context.recordMetadata().orElse(null);
        if (metadata != null) {
            topic = metadata.topic();
            put(headers, TOPIC, topic);
            put(headers, PARTITION, Integer.toString(metadata.partition()));
            put(headers, OFFSET, Long.toString(metadata.offset()));
        }
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers), FaceGateTopology.DEAD_LETTERS_SINK);
        metrics.deadLetter(topic, reason);
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
