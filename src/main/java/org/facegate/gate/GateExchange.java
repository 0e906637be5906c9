package org.facegate.gate;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.facegate.events.CheckRequest;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.Verdict;
import org.facegate.topology.TopologySettings;

/**
 * One request of a gate or an enrolment system and FaceGate's answer to it: publishes a check (an enrolment, an
 * erasure) and waits for its verdict (its enrolment result). The answer is read as a gate reads it,
 * {@code read_committed}, from a reader positioned before the request was sent, so an older answer is never taken
 * for it. Each call connects and disconnects; used by the {@code check} and {@code enrol} commands.
 */
public final class GateExchange {

    private final Properties clientProperties;
    private final TopologySettings settings;

    public GateExchange(Properties clientProperties, TopologySettings settings) {
        this.clientProperties = clientProperties;
        this.settings = settings;
    }

    /**
     * Sends a check with a fresh checkId and returns its verdict, or empty when none arrives within {@code timeout}.
     *
     * @param chip the chip photo to compare with, or null to compare with the enrolled templates
     */
    public Optional<Verdict> check(String gateId, String documentId, EncodedImage live, EncodedImage chip, Duration timeout)
            throws InterruptedException, ExecutionException {
        try (TopicReader<Verdict> verdicts = new TopicReader<>(clientProperties, settings.topics().verdicts(),
                Verdict.class, false);
             GateClient gate = new GateClient(clientProperties, settings)) {
            // capturedAt now, once connected: verdict latency is measured from it.
            CheckRequest request = CheckRequest.of(UUID.randomUUID().toString(), gateId, documentId, Instant.now(), live, chip);
            gate.check(request).get();
            return verdicts.first(v -> v.checkId().equals(request.checkId()), timeout);
        }
    }

    /** Sends an enrolment and returns its result, or empty when none arrives within {@code timeout}. */
    public Optional<EnrolmentResult> enrol(Enrolment enrolment, Duration timeout)
            throws InterruptedException, ExecutionException {
        return answered(enrolment.documentId(), gate -> gate.enrol(enrolment), timeout);
    }

    /** Erases {@code documentId}'s templates and returns the result, or empty when none arrives within {@code timeout}. */
    public Optional<EnrolmentResult> erase(String documentId, Duration timeout)
            throws InterruptedException, ExecutionException {
        return answered(documentId, gate -> gate.erase(documentId), timeout);
    }

    private Optional<EnrolmentResult> answered(String documentId, Function<GateClient, Future<RecordMetadata>> send,
            Duration timeout) throws InterruptedException, ExecutionException {
        try (TopicReader<EnrolmentResult> results = new TopicReader<>(clientProperties,
                settings.topics().enrolmentResults(), EnrolmentResult.class, false);
             GateClient gate = new GateClient(clientProperties, settings)) {
            send.apply(gate).get();
            return results.first(r -> r.documentId().equals(documentId), timeout);
        }
    }
}
