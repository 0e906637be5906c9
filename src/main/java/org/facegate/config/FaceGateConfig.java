package org.facegate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.facegate.inference.ExecutionProvider;
import org.facegate.inference.InferenceSettings;
import org.facegate.pad.PadSettings;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.topology.TopicReplication;
import org.facegate.topology.Topics;
import org.facegate.topology.Batching;
import org.facegate.topology.TopologySettings;
import org.facegate.vision.DecodeLimits;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.PipelineSettings;
import org.facegate.vision.QualityGate;

/**
 * Every setting of {@code run} and {@code demo}, typed, with its default. Sources, later ones winning: the defaults
 * here, a properties file ({@code --config FILE}), environment variables ({@code FACEGATE_...}), command-line
 * options. Keys starting with {@code kafka.} go to every Kafka client with the prefix removed (TLS, SASL, client
 * tuning); environment variables {@code FACEGATE_KAFKA_SECURITY_PROTOCOL=SSL} become
 * {@code kafka.security.protocol=SSL}. An unknown {@code facegate.} key is an error, so typos do not pass
 * silently. docs/configuration.md documents every key ({@code FaceGateConfigTest} checks that it does).
 */
public record FaceGateConfig(
        String bootstrapServers,
        String applicationId,
        Topics topics,
        boolean createTopics,
        int partitions,
        short replicationFactor,
        int templatesPerIdentity,
        int maxImageBytes,
        long maxImagePixels,
        OptionalDouble threshold,
        OptionalDouble targetFalseMatchRate,
        Path modelsDir,
        Path modelDescriptor,
        QualityGate quality,
        PadSettings presentation,
        ExecutionProvider provider,
        int inferenceThreads,
        Path stateDir,
        int streamThreads,
        int commitIntervalMs,
        int maxPollRecords,
        int pollMs,
        int batchMaxSize,
        int batchMaxWaitMs,
        int standbyReplicas,
        int sessionTimeoutMs,
        int transactionTimeoutMs,
        Optional<Path> templateKeyFile,
        List<Path> previousTemplateKeyFiles,
        boolean allowPlaintextTemplates,
        Optional<Path> cohortFile,
        int metricsPort,
        Duration startupTimeout,
        Map<String, String> kafka) {

    /** A documented setting: its key, environment variable, default ("" = none) and meaning. */
    public enum Key {
        BOOTSTRAP_SERVERS("facegate.bootstrap.servers", "localhost:9092", "Kafka brokers, host:port[,host:port...]"),
        APPLICATION_ID("facegate.application.id", "facegate",
                "Kafka Streams application.id: consumer group, transactional id and internal topic prefix. Instances with the same id share the work."),
        TOPIC_PREFIX("facegate.topic.prefix", "", "Put before every topic name below, e.g. `prod.`"),
        TOPIC_CHECKS("facegate.topic.checks", "passport-checks", "Check requests (input, key documentId)"),
        TOPIC_ENROLMENTS("facegate.topic.enrolments", "enrolments", "Enrolments and erasures (input, compacted, key documentId)"),
        TOPIC_VERDICTS("facegate.topic.verdicts", "verdicts", "Verdicts (output)"),
        TOPIC_ENROLMENT_RESULTS("facegate.topic.enrolment-results", "enrolment-results", "Enrolment results (output)"),
        TOPIC_DEAD_LETTERS("facegate.topic.dead-letters", "dead-letters", "Records without a readable checkId/documentId (output)"),
        TOPICS_CREATE("facegate.topics.create", "true", "Create missing topics at start (needs the CreateTopics ACL); false: missing topics are an error"),
        TOPICS_PARTITIONS("facegate.topics.partitions", "6",
                "Partitions of topics FaceGate creates (checks and enrolments must match); a multiple of the stream threads of all instances keeps every thread equally busy (docs/benchmarks.md)"),
        TOPICS_REPLICATION_FACTOR("facegate.topics.replication-factor", "-1",
                "Replication factor of created topics and of Streams' internal topics; -1: min(3, brokers at start). Where that is 3 or more, they get min.insync.replicas=2 (docs/operations.md \"Kafka cluster\")"),
        TEMPLATES_PER_IDENTITY("facegate.templates.per-identity", Integer.toString(TopologySettings.DEFAULT_TEMPLATES_PER_IDENTITY),
                "K: templates kept per identity (newest) and most images per enrolment"),
        IMAGE_MAX_BYTES("facegate.image.max-bytes", Integer.toString(TopologySettings.DEFAULT_MAX_IMAGE_BYTES),
                "Largest encoded image; larger is IMAGE_TOO_LARGE. Topic max.message.bytes follow from it (schemas/README.md)"),
        IMAGE_MAX_PIXELS("facegate.image.max-pixels", Long.toString(DecodeLimits.DEFAULT_MAX_PIXELS),
                "Largest image in pixels (width x height, read from the header before decoding); larger is IMAGE_TOO_LARGE. Bounds decode memory and time per image (docs/reliability.md)"),
        MATCH_THRESHOLD("facegate.match.threshold", "", "Decision threshold (distance strictly below = MATCH); empty: the model's calibrated threshold"),
        MATCH_TARGET_FMR("facegate.match.target-false-match-rate", "",
                "Use the threshold the model descriptor's calibration gives for this false-match rate (e.g. 0.001); set this or facegate.match.threshold, not both"),
        MODELS_DIR("facegate.models.dir", "", "Folder with the ONNX models built by `mvn package`; empty: `models/` beside the jar (target/models)"),
        MODEL_DESCRIPTOR("facegate.model.descriptor", "",
                "Recognition model descriptor (docs/face-pipeline.md \"Model descriptor\"); empty: face-api-resnet128.model.json in the models folder"),
        QUALITY_GATE("facegate.quality.gate", "false",
                "Reject faces by the quality limits below: FACE_TOO_SMALL (eye distance), LOW_QUALITY (pose, sharpness, exposure)"),
        QUALITY_MIN_INTER_EYE("facegate.quality.min-inter-eye-px", num(QualityGate.OFF.minInterEyePx()),
                "Smallest distance between the eye centres in photo pixels"),
        QUALITY_MAX_YAW("facegate.quality.max-yaw-deg", num(QualityGate.OFF.maxYawDeg()),
                "Largest estimated head turn (from landmarks; rough), degrees"),
        QUALITY_MAX_ROLL("facegate.quality.max-roll-deg", num(QualityGate.OFF.maxRollDeg()), "Largest head tilt, degrees"),
        QUALITY_MIN_SHARPNESS("facegate.quality.min-sharpness", num(QualityGate.OFF.minSharpness()),
                "Smallest Laplacian variance of the aligned face chip's centre (blur)"),
        QUALITY_MIN_BRIGHTNESS("facegate.quality.min-brightness", num(QualityGate.OFF.minBrightness()),
                "Darkest allowed mean grey level of the face (0-255)"),
        QUALITY_MAX_BRIGHTNESS("facegate.quality.max-brightness", num(QualityGate.OFF.maxBrightness()),
                "Brightest allowed mean grey level of the face (0-255)"),
        QUALITY_MAX_CLIPPED("facegate.quality.max-clipped-fraction", num(QualityGate.OFF.maxClippedFraction()),
                "Largest fraction of the face at or below grey 5 or at or above 250"),
        PAD_ENABLED("facegate.pad.enabled", "true",
                "Presentation-attack detection on live images: an attack is REJECTED PRESENTATION_ATTACK. false lets a printed photo of the passport holder through; the service logs a warning at start"),
        PAD_DESCRIPTOR("facegate.pad.descriptor", "",
                "PAD model descriptor (docs/presentation-attacks.md); empty: facegate-pad.pad.json in the models folder"),
        PAD_THRESHOLD("facegate.pad.threshold", "",
                "Bona fide threshold in [0, 1] (a live face scoring below it is an attack); empty: the PAD descriptor's calibrated one"),
        PAD_GROUPS("facegate.pad.groups", "",
                "Comma-separated gate groups whose live faces are judged by a PAD descriptor of their own (e.g. one `calibrate-pad` wrote from their cameras' genuine captures), each set by facegate.pad.group.NAME.gate-prefix and facegate.pad.group.NAME.descriptor; gates in no group: the default descriptor above"),
        PROVIDER("facegate.provider", "auto", "ONNX Runtime execution provider: auto (CUDA when an NVIDIA GPU is found, else CPU), cuda, cpu"),
        INFERENCE_THREADS("facegate.inference.threads", "0", "ONNX Runtime intra-op threads per network; 0: one, the calling stream thread's (docs/benchmarks.md)"),
        STATE_DIR("facegate.streams.state-dir", "facegate-state",
                "Kafka Streams state directory (RocksDB template stores; restored from the changelog when lost). Not under /tmp: the OS may clean it"),
        STREAM_THREADS("facegate.streams.threads", "2",
                "Stream threads; each runs inference for its own tasks (2 keep both cores of a small node busy, docs/benchmarks.md)"),
        COMMIT_INTERVAL_MS("facegate.streams.commit-interval-ms", "100",
                "How often Streams commits its transaction; a verdict is visible to read_committed consumers only after the commit, so this bounds added latency. Each commit costs CPU: a shorter interval lowers p50, not p99, and needs more transactions per check (measured: docs/configuration.md)"),
        MAX_POLL_RECORDS("facegate.streams.max-poll-records", "10",
                "Records fetched per poll; small because each check costs inference time (keeps transactions short)"),
        POLL_MS("facegate.streams.poll-ms", "5",
                "How long a stream thread blocks in poll when nothing arrives; bounds how late a batch punctuation fires"),
        BATCH_MAX_SIZE("facegate.batch.max-size", Integer.toString(Batching.DEFAULT.maxSize()),
                "Micro-batching: checks answered by one run of the face pipeline at most; 1 = one check at a time"),
        BATCH_MAX_WAIT_MS("facegate.batch.max-wait-ms", Long.toString(Batching.DEFAULT.maxWait().toMillis()),
                "Micro-batching: longest a check waits for others before its batch runs (0..5000)"),
        STANDBY_REPLICAS("facegate.streams.standby-replicas", "0", "Standby copies of the template store on other instances, for fast fail-over"),
        SESSION_TIMEOUT_MS("facegate.streams.session-timeout-ms", "10000",
                "How long the group waits for a silent (crashed) instance before giving its partitions to another; bounds fail-over time (Kafka's default is 45000; the broker allows 6000 and up by default)"),
        TRANSACTION_TIMEOUT_MS("facegate.streams.transaction-timeout-ms", "10000",
                "After this a crashed instance's open transaction is aborted, and read_committed readers (gates) see verdicts behind it again; bounds fail-over time too. Must exceed the slowest micro-batch (docs/reliability.md); on a multi-broker cluster also a broker fail-over (docs/operations.md \"Kafka cluster\")"),
        TEMPLATES_KEY_FILE("facegate.templates.key-file", "",
                "File with the AES-256 key (base64) that seals templates in the store and changelog; `keygen --out FILE` makes one. Or the key itself in FACEGATE_TEMPLATE_KEY"),
        TEMPLATES_PREVIOUS_KEY_FILES("facegate.templates.previous-key-files", "",
                "Comma-separated key files of earlier keys: templates sealed under them are read and re-sealed under the current key (key rotation, docs/reliability.md)"),
        TEMPLATES_ALLOW_PLAINTEXT("facegate.templates.allow-plaintext", "false",
                "Development only: without a key, store templates unencrypted instead of refusing to start (`run --allow-plaintext-templates`)"),
        COHORT_FILE("facegate.cohort.file", "",
                "Sealed score-normalisation cohort (`cohort build`, docs/accuracy.md): with it and a model descriptor with a cohort rule, decisions use the cohort-normalised score; empty: the plain fused distance, as without a cohort"),
        METRICS_PORT("facegate.metrics.port", "9400", "HTTP port of /metrics, /health/live, /health/ready; 0: any free port; -1: off"),
        STARTUP_TIMEOUT_MS("facegate.startup.timeout-ms", "120000", "How long start-up may take until Kafka Streams is RUNNING");

        private final String key;
        private final String defaultValue;
        private final String description;

        Key(String key, String defaultValue, String description) {
            this.key = key;
            this.defaultValue = defaultValue;
            this.description = description;
        }

        public String key() {
            return key;
        }

        /** {@code FACEGATE_TEMPLATES_PER_IDENTITY} for {@code facegate.templates.per-identity}. */
        public String environmentVariable() {
            return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }

        public String defaultValue() {
            return defaultValue;
        }

        public String description() {
            return description;
        }

        private static String num(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }

    /** Environment variable that may hold the template key itself (base64), instead of a key file. */
    public static final String TEMPLATE_KEY_ENV = "FACEGATE_TEMPLATE_KEY";

    /** Prefix of keys that pass through to the Kafka clients. */
    public static final String KAFKA_PREFIX = "kafka.";

    public FaceGateConfig {
        kafka = Map.copyOf(kafka);
        previousTemplateKeyFiles = List.copyOf(previousTemplateKeyFiles);
    }

    /** The defaults alone. */
    public static FaceGateConfig defaults() {
        return load(new Properties(), Map.of(), Map.of());
    }

    /** Reads a properties file (UTF-8). */
    public static Properties readFile(Path file) {
        return FaceGateConfigLoader.readFile(file);
    }

    /**
     * Merges file, environment and command-line values over the defaults; throws {@link UsageException} naming the
     * key and source for anything unknown or malformed.
     */
    public static FaceGateConfig load(Properties file, Map<String, String> env, Map<String, String> overrides) {
        return new FaceGateConfigLoader(file, env, overrides).config();
    }

    /**
     * The face pipeline's settings: defaults with this config's provider, threads, byte and pixel limits, quality gate
     * and, when set, target false-match rate (a fixed {@code facegate.match.threshold} is applied by the topology
     * instead). The decoder gets {@code facegate.image.max-bytes} too, so that a limit raised above the decoder's own
     * 8 MiB default is the one that applies.
     */
    public PipelineSettings pipelineSettings() {
        PipelineSettings s = PipelineSettings.DEFAULTS.withInference(
                InferenceSettings.DEFAULTS.withProvider(provider).withIntraOpThreads(inferenceThreads)).withQuality(quality)
                .withPresentation(presentation);
        DecodeLimits l = s.limits();
        s = s.withLimits(new DecodeLimits(maxImageBytes, l.maxWidth(), l.maxHeight(), maxImagePixels));
        return targetFalseMatchRate.isPresent() ? s.withTargetFalseMatchRate(targetFalseMatchRate.getAsDouble()) : s;
    }

    /** Opens the face pipeline this config describes (models folder, model descriptor, settings). */
    public FacePipeline openPipeline() {
        try {
            return FacePipeline.open(modelsDir, modelDescriptor, pipelineSettings());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * The keys that seal templates at rest: the current key from {@code facegate.templates.key-file} or the
     * environment variable {@value #TEMPLATE_KEY_ENV} (base64), previous keys from
     * {@code facegate.templates.previous-key-files}. Without a current key: plaintext if
     * {@code facegate.templates.allow-plaintext}, else a {@link UsageException} (FaceGate refuses to start).
     */
    public TemplateKeyRing templateKeys(Map<String, String> env) {
        String fromEnv = env.getOrDefault(TEMPLATE_KEY_ENV, "");
        if (!fromEnv.isBlank() && templateKeyFile.isPresent()) {
            throw new UsageException("give the template key once: " + Key.TEMPLATES_KEY_FILE.key + " (or --template-key-file) or "
                    + TEMPLATE_KEY_ENV + ", not both");
        }
        try {
            List<TemplateKey> previous = previousTemplateKeyFiles.stream().map(TemplateKey::read).toList();
            if (templateKeyFile.isPresent()) {
                return TemplateKeyRing.of(TemplateKey.read(templateKeyFile.get()), previous);
            }
            if (!fromEnv.isBlank()) {
                try {
                    return TemplateKeyRing.of(TemplateKey.fromBase64(fromEnv), previous);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(TEMPLATE_KEY_ENV + ": " + e.getMessage());
                }
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (!previousTemplateKeyFiles.isEmpty()) {
            throw new UsageException(Key.TEMPLATES_PREVIOUS_KEY_FILES.key + " needs a current key too");
        }
        if (allowPlaintextTemplates) {
            return TemplateKeyRing.plaintext();
        }
        throw new UsageException("no template key: templates are biometric data and are stored encrypted. Give "
                + "--template-key-file FILE (make one with `keygen --out FILE`), " + TEMPLATE_KEY_ENV + " or "
                + Key.TEMPLATES_KEY_FILE.key + "; for development only, --allow-plaintext-templates");
    }

    public TopologySettings topologySettings() {
        return new TopologySettings(topics, templatesPerIdentity, maxImageBytes, threshold,
                new Batching(batchMaxSize, Duration.ofMillis(batchMaxWaitMs)));
    }

    /** Settings for any Kafka client FaceGate creates (admin, producers, consumers): bootstrap + {@code kafka.*}. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.putAll(kafka);
        return p;
    }

    /**
     * The Kafka Streams settings with the replication as configured (before the cluster is known; the topology tests
     * use these); {@code kafka.*} keys are applied last and may override any of them.
     */
    public Properties streamsProperties() {
        return streamsProperties(TopicReplication.unknownCluster(replicationFactor));
    }

    /**
     * The Kafka Streams settings, its internal topics (changelogs) replicated as {@code replication} says (what
     * {@link org.facegate.topology.TopicSetup#ensure} chose for the cluster); {@code kafka.*} keys are applied last and
     * may override any of them.
     */
    public Properties streamsProperties(TopicReplication replication) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        p.put(StreamsConfig.POLL_MS_CONFIG, pollMs);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        // A crashed instance's partitions move to another after the session timeout: it bounds fail-over time.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), sessionTimeoutMs);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), Math.max(1, Math.min(3000, sessionTimeoutMs / 3)));
        // A crashed instance's open transaction hides every later verdict of its partitions from read_committed readers
        // until the coordinator aborts it; the survivor's verdicts wait for that too.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), transactionTimeoutMs);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replication.factor());
        replication.topicConfigs().forEach((k, v) -> p.put(StreamsConfig.topicPrefix(k), v));
        // The processors parse raw bytes themselves, so these handlers should never fire; if one does, the record
        // is logged and skipped (and copied to dead-letters) rather than stopping the stream.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetters());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), maxPollRecords);
        // The largest record FaceGate reads or writes is an enrolment (a dead letter can be a whole one).
        int maxRecordBytes = topologySettings().maxEnrolmentRecordBytes();
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), maxRecordBytes);
        // Verdicts are flushed by the transaction commit anyway; do not hold them back between commits.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), maxRecordBytes);
        p.putAll(kafka);
        return p;
    }

    /** Every key with its environment variable, default and description, in declaration order. */
    public static List<Key> keys() {
        return List.of(Key.values());
    }
}
