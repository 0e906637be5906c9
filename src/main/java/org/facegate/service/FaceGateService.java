package org.facegate.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.facegate.config.FaceGateConfig;
import org.facegate.cohort.CohortDecision;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.metrics.FaceGateMetrics;
import org.facegate.topology.FaceGateTopology;
import org.facegate.topology.TopicReplication;
import org.facegate.topology.TopicSetup;
import org.facegate.vision.FaceAnalyser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FaceGate's Kafka Streams application: sets up the topics, builds the topology, runs it and reports its state.
 * Used by {@code run}, {@code demo} and the integration tests. Does not own the analyser or the meter registry it
 * is given (the caller closes them).
 */
public final class FaceGateService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaceGateService.class);

    private final FaceGateConfig config;
    private final FaceAnalyser analyser;
    private final MeterRegistry registry;
    private final Clock clock;
    private final String executionProvider;
    private final TemplateKeyRing keys;
    /** Null without a score-normalisation cohort. */
    private final CohortDecision cohort;
    private FaceGateMetrics metrics;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;

    /** With templates stored in plaintext: for tests and development (says so loudly at start). */
    public FaceGateService(FaceGateConfig config, FaceAnalyser analyser, String executionProvider, MeterRegistry registry,
                           Clock clock) {
        this(config, TemplateKeyRing.plaintext(), analyser, executionProvider, registry, clock);
    }

    /**
     * @param keys              seal the templates at rest; {@link TemplateKeyRing#plaintext()} for development
     * @param executionProvider where the pipeline runs ({@code cpu}, {@code cuda}), published as the
     *                          {@code facegate_execution_provider} gauge's label
     */
    public FaceGateService(FaceGateConfig config, TemplateKeyRing keys, FaceAnalyser analyser, String executionProvider,
                           MeterRegistry registry, Clock clock) {
        this(config, keys, analyser, executionProvider, registry, clock, null);
    }

    /** @param cohort decides against a score-normalisation cohort; null: none, decisions as before cohorts */
    public FaceGateService(FaceGateConfig config, TemplateKeyRing keys, FaceAnalyser analyser, String executionProvider,
                           MeterRegistry registry, Clock clock, CohortDecision cohort) {
        this.config = config;
        this.keys = keys;
        this.cohort = cohort;
        this.executionProvider = executionProvider;
        this.analyser = analyser;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Sets up topics and starts the topology; returns once it is RUNNING (restored from the changelog).
     *
     * @throws TopicSetup.TopicsNotReadyException when topics are missing or not co-partitioned
     * @throws IllegalStateException              when Streams does not reach RUNNING within the start-up timeout
     */
    public FaceGateService start() throws InterruptedException {
        Admin admin = Admin.create(config.clientProperties());
        TopicReplication replication;
        try {
            replication = TopicSetup.ensure(admin, config.topologySettings(), config.createTopics(), config.partitions(),
                    config.replicationFactor(), config.startupTimeout());
        } finally {
            // Bounded: a broker that never answers (wrong address, TLS or SASL settings) must fail start-up within
            // the start-up timeout, not after the admin client's default API timeout.
            admin.close(java.time.Duration.ofSeconds(1));
        }
        metrics = new FaceGateMetrics(registry);
        metrics.executionProvider(executionProvider);
        metrics.readiness(this::isRunning);
        metrics.inputLag("checks", () -> inputLag(config.topics().checks()));
        metrics.inputLag("enrolments", () -> inputLag(config.topics().enrolments()));
        metrics.templatesPlaintext(!keys.encrypts());
        if (keys.encrypts()) {
            LOG.info("templates are sealed with AES-256-GCM under key {} (keys: {})", keys.currentKeyId().orElseThrow(),
                    keys.keyIds());
        } else {
            LOG.warn("TEMPLATES ARE STORED IN PLAINTEXT (state store and changelog): development only; "
                    + "give a key with --template-key-file, FACEGATE_TEMPLATE_KEY or facegate.templates.key-file");
        }
        metrics.presentationAttackDetection(config.presentation().enabled());
        metrics.presentationGroups(config.presentation().gateGroups().names());
        if (!config.presentation().enabled()) {
            LOG.warn("PRESENTATION-ATTACK DETECTION IS OFF: a printed photo of the passport holder held up to the camera"
                    + " can MATCH; switch it on with facegate.pad.enabled=true (the default)");
        }
        metrics.scoreNormalisationCohort(cohort == null ? 0 : cohort.cohortSize());
        if (cohort == null) {
            LOG.info("no score-normalisation cohort ({} unset): decisions on the plain distance of model {}",
                    FaceGateConfig.Key.COHORT_FILE.key(), analyser.modelId());
        } else {
            LOG.info("score normalisation: {} over the {} nearest of cohort {} ({}); verdicts carry model id {}",
                    cohort.rule(), cohort.neighbours(), cohort.cohortVersion(), cohort.provenance(), cohort.modelId());
        }
        Topology topology = FaceGateTopology.build(config.topologySettings(), keys, analyser, metrics, clock, cohort);
        streams = new KafkaStreams(topology, config.streamsProperties(replication));
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<KafkaStreams.State> last = new AtomicReference<>(KafkaStreams.State.CREATED);
        // Whether RUNNING was reached at all: Streams may go RUNNING -> REBALANCING again within milliseconds (a
        // follow-up rebalance after a restart), which is a started instance, not a failed start.
        AtomicBoolean reachedRunning = new AtomicBoolean();
        streams.setStateListener((newState, oldState) -> {
            last.set(newState);
            LOG.info("Kafka Streams {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.RUNNING) {
                reachedRunning.set(true);
            }
            if (newState == KafkaStreams.State.RUNNING || newState == KafkaStreams.State.ERROR
                    || newState == KafkaStreams.State.PENDING_SHUTDOWN) {
                running.countDown();
            }
        });
        // The processors turn bad input into verdicts; what still escapes is unexpected (e.g. a lost broker
        // connection): replace the thread and carry on rather than stop answering gates.
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed, replacing it: {}", e.toString());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        streams.start();
        if (!running.await(config.startupTimeout().toMillis(), TimeUnit.MILLISECONDS) || !reachedRunning.get()
                || !last.get().isRunningOrRebalancing()) {
            KafkaStreams.State state = last.get();
            close();
            throw new IllegalStateException("Kafka Streams did not reach RUNNING within "
                    + config.startupTimeout().toSeconds() + " s (state " + state + ")");
        }
        LOG.info("FaceGate is running: application.id={}, model {}, threshold {}", config.applicationId(),
                cohort == null ? analyser.modelId() : cohort.modelId(),
                config.threshold().orElse(cohort == null ? analyser.threshold() : cohort.threshold()));
        return this;
    }

    /** True while Kafka Streams is RUNNING (for /health/ready). A rebalance makes it briefly false. */
    public boolean isRunning() {
        return streams != null && streams.state() == KafkaStreams.State.RUNNING;
    }

    /**
     * Records of {@code topic} that this instance's active tasks have seen (fetched, possibly still buffered) but not
     * committed: the backlog a gate waits behind. NaN while Kafka Streams is not running or rebalancing.
     */
    private double inputLag(String topic) {
        KafkaStreams s = streams;
        try {
            long lag = 0;
            for (ThreadMetadata thread : s == null ? java.util.Set.<ThreadMetadata>of() : s.metadataForLocalThreads()) {
                for (TaskMetadata task : thread.activeTasks()) {
                    for (Map.Entry<TopicPartition, Long> end : task.endOffsets().entrySet()) {
                        if (end.getKey().topic().equals(topic)) {
                            long committed = Math.max(0, task.committedOffsets().getOrDefault(end.getKey(), 0L));
                            lag += Math.max(0, end.getValue() - committed);
                        }
                    }
                }
            }
            return s == null ? Double.NaN : lag;
        } catch (RuntimeException notRunning) {
            return Double.NaN;
        }
    }

    public FaceGateMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        if (streams != null) {
            // Leave the consumer group so that another instance (or this one, restarted) takes over the tasks at
            // once instead of after the session timeout (45 s).
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(java.time.Duration.ofSeconds(30)));
            streams = null;
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
            streamsMetrics = null;
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
