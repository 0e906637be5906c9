package org.facegate.topology;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.facegate.cohort.CohortDecision;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.metrics.FaceGateMetrics;
import org.facegate.vision.FaceAnalyser;

/**
 * FaceGate's Kafka Streams topology: one sub-topology with two sources that share the {@code templates} store.
 * <pre>
 * passport-checks ─► verify-check ─► verdicts
 *                         │  reads       └─► dead-letters (no readable checkId)
 *                     templates (persistent, changelogged, compact; AES-GCM sealed TemplateSets, TemplateStore)
 *                         │  writes, deletes
 * enrolments ──────► enrol ─────────► enrolment-results
 *                                └─► dead-letters (no readable documentId)
 * </pre>
 * Requires {@code passport-checks} and {@code enrolments} to be co-partitioned (same key, same partition count);
 * {@code TopicSetup} checks it before start. Sources read raw bytes: the processors parse, so no record can
 * fail deserialization. {@code topology/topology.txt} and {@code topology/topology.md} describe it and are kept
 * in sync by {@code TopologyDescriptionTest}.
 */
public final class FaceGateTopology {

    public static final String TEMPLATES_STORE = "templates";
    /** Checks waiting for a micro-batch (only with batching); see {@link CheckProcessor}. */
    public static final String PENDING_STORE = "pending-checks";
    static final String CHECKS_SOURCE = "passport-checks-source";
    static final String ENROLMENTS_SOURCE = "enrolments-source";
    static final String CHECK_PROCESSOR = "verify-check";
    static final String ENROLMENT_PROCESSOR = "enrol";
    static final String VERDICTS_SINK = "verdicts-sink";
    static final String ENROLMENT_RESULTS_SINK = "enrolment-results-sink";
    static final String DEAD_LETTERS_SINK = "dead-letters-sink";

    /**
     * Erased templates must really go: the changelog is compacted within a day even on a quiet partition, so a
     * tombstone removes the older template records from the broker within that time.
     */
    static final Map<String, String> CHANGELOG_CONFIG = Map.of(
            "cleanup.policy", "compact",
            "max.compaction.lag.ms", Long.toString(Duration.ofDays(1).toMillis()),
            "delete.retention.ms", Long.toString(Duration.ofDays(1).toMillis()));

    private FaceGateTopology() {
    }

    /** The topology with templates stored in plaintext: for tests and development only. */
    public static Topology build(TopologySettings settings, FaceAnalyser analyser, FaceGateMetrics metrics, Clock clock) {
        return build(settings, TemplateKeyRing.plaintext(), analyser, metrics, clock);
    }

    /**
     * Builds the production topology.
     *
     * @param keys     seals templates in the store and its changelog (see {@link TemplateKeyRing})
     * @param analyser the face pipeline (thread-safe; shared by all stream threads)
     * @param clock    for decidedAt and processedAt
     */
    public static Topology build(TopologySettings settings, TemplateKeyRing keys, FaceAnalyser analyser,
                                 FaceGateMetrics metrics, Clock clock) {
        return build(settings, keys, analyser, metrics, clock, null);
    }

    /**
     * The production topology deciding against a score-normalisation cohort.
     *
     * @param cohort null: no cohort, decisions on the plain distance; else both verification paths decide on the
     *               cohort-normalised score with the cohort rule's threshold (a configured fixed threshold applies to
     *               the rule in force)
     */
    public static Topology build(TopologySettings settings, TemplateKeyRing keys, FaceAnalyser analyser,
                                 FaceGateMetrics metrics, Clock clock, CohortDecision cohort) {
        Topics topics = settings.topics();
        double threshold = settings.threshold().orElse(cohort == null ? analyser.threshold() : cohort.threshold());
        FaceReader faces = new FaceReader(analyser, metrics, settings.maxImageBytes());
        StoreBuilder<KeyValueStore<String, byte[]>> store = Stores
                .keyValueStoreBuilder(Stores.persistentKeyValueStore(TEMPLATES_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(CHANGELOG_CONFIG)
                .withCachingDisabled(); // an enrolment must be visible to the next check at once

        Topology topology = new Topology();
        topology.addSource(CHECKS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.checks());
        topology.addSource(ENROLMENTS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.enrolments());
        topology.addProcessor(CHECK_PROCESSOR,
                () -> new CheckProcessor(analyser, faces, metrics, clock, threshold, settings.batching(), keys, cohort),
                CHECKS_SOURCE);
        topology.addProcessor(ENROLMENT_PROCESSOR,
                () -> new EnrolmentProcessor(analyser, faces, metrics, clock, settings.templatesPerIdentity(), keys), ENROLMENTS_SOURCE);
        topology.addStateStore(store, CHECK_PROCESSOR, ENROLMENT_PROCESSOR);
        if (!settings.batching().perRecord()) {
            // In memory (a batch holds a few records for milliseconds), changelogged for exactly-once, cached so
            // that a check buffered and answered within one commit interval costs the changelog only a tombstone.
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PENDING_STORE),
                    Serdes.Long(), Serdes.ByteArray()).withLoggingEnabled(Map.of()).withCachingEnabled(), CHECK_PROCESSOR);
        }
        topology.addSink(VERDICTS_SINK, topics.verdicts(), new ByteArraySerializer(), new ByteArraySerializer(), CHECK_PROCESSOR);
        topology.addSink(ENROLMENT_RESULTS_SINK, topics.enrolmentResults(), new ByteArraySerializer(),
                new ByteArraySerializer(), ENROLMENT_PROCESSOR);
        topology.addSink(DEAD_LETTERS_SINK, topics.deadLetters(), new ByteArraySerializer(), new ByteArraySerializer(),
                CHECK_PROCESSOR, ENROLMENT_PROCESSOR);
        // The topology knows its inputs, so it registers their dead-letter counters (at zero, before any record).
        DeadLetters.reasonsBySource(topics).forEach(metrics::deadLettersFrom);
        // Likewise the templates gauge of the model in use and, for a fusion, of each member.
        Set<String> modelIds = new LinkedHashSet<>();
        modelIds.add(analyser.modelId());
        modelIds.addAll(analyser.memberModelIds());
        metrics.templateModels(modelIds);
        return topology;
    }
}
