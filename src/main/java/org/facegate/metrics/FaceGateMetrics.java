package org.facegate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.facegate.events.DeadLetterReason;
import org.facegate.events.Decision;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.Reason;
import org.facegate.events.Verdict;
import org.facegate.vision.StageTimings;

/**
 * FaceGate's own meters, all named {@code facegate_*} in Prometheus. Labels are bounded enums (decision, reason,
 * status, stage, topic, provider): never a document id, check id or image. Thread-safe: the stream threads call
 * it. {@link #close()} removes every meter it registered.
 *
 * <p>Every counter and histogram whose label values are known in advance exists from construction on, at zero
 * (dead letters from {@link #deadLettersFrom} and templates by model from {@link #templateModels}, both called when the
 * topology is built): a series that is born at 1 has
 * no earlier sample, so {@code increase()} or {@code rate()} in an alert would miss its first event.
 *
 * <ul>
 *   <li>{@code facegate_verdict_latency_seconds} (histogram, SLO buckets): capturedAt to decidedAt, by decision.
 *       Includes the gate's clock skew; negative values count as 0.</li>
 *   <li>{@code facegate_processing_seconds} (histogram): wall time in the processor per event, by event type.</li>
 *   <li>{@code facegate_inference_stage_seconds} (histogram): per pipeline stage (decode, detect, landmarks,
 *       align, embed, pad) per analysed image.</li>
 *   <li>{@code facegate_pad_score} (histogram, buckets 0.05 to 1): the bona fide probability presentation-attack
 *       detection gave each live face (attacks score low); no labels, the gate is in the verdict.</li>
 *   <li>{@code facegate_pad_judgements_total{group, outcome}}: live faces judged by PAD, by the gate group whose
 *       descriptor judged them ({@code default} and the configured groups, registered at zero; never a gate id) and
 *       outcome ({@code bona_fide}, {@code attack}): a group's attack share is rate(attack) / rate(all).</li>
 *   <li>{@code facegate_pad_enabled}: 1 while live images are checked for presentation attacks, 0 when switched
 *       off.</li>
 *   <li>{@code facegate_verdicts_total} by decision and reason ({@code none} unless REJECTED).</li>
 *   <li>{@code facegate_enrolment_results_total} by status and reason.</li>
 *   <li>{@code facegate_dead_letters_total} by source topic and reason.</li>
 *   <li>{@code facegate_enrolled_identities}: identities in the stores of the tasks this instance runs.</li>
 *   <li>{@code facegate_execution_provider{provider}}: 1 for the ONNX Runtime execution provider in use.</li>
 *   <li>{@code facegate_ready}: 1 while Kafka Streams is RUNNING (what /health/ready answers), else 0; lets an
 *       alert see readiness without probing the endpoint.</li>
 *   <li>{@code facegate_input_lag_records{input}}: records of an input (checks, enrolments) that this instance's
 *       active tasks have fetched but not yet committed (Kafka Streams' task metadata: highest offset seen minus
 *       committed offset); what is not fetched yet is the consumer's own {@code records_lag_max}.</li>
 *   <li>{@code facegate_templates_plaintext}: 1 when templates are stored unencrypted (development only), else 0.</li>
 *   <li>{@code facegate_templates_stale}: identities in this instance's stores whose templates are not sealed under
 *       the current key yet (a key rotation in progress; 0 when done).</li>
 *   <li>{@code facegate_templates_resealed_total}: identities re-sealed under the current key.</li>
 *   <li>{@code facegate_templates{model_id}}: templates in this instance's stores enrolled under each recognition
 *       model id (the model in use, its members if it is a fusion, and any other id found in the stores); a model id
 *       whose templates are all re-enrolled or erased stays at 0. Model ids are few (one per model ever used), so
 *       the label is bounded.</li>
 * </ul>
 */
public final class FaceGateMetrics implements AutoCloseable {

    /** Verdict latency buckets: what a gate's operator reads (a gate waits about 1-2 s before falling back). */
    static final Duration[] LATENCY_SLOS = {
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300),
            Duration.ofMillis(500), Duration.ofMillis(750), Duration.ofSeconds(1), Duration.ofMillis(1500),
            Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private static final Duration[] STAGE_SLOS = {
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2)};

    /** The {@code event} label of {@code facegate_processing_seconds}. */
    private static final String CHECK = "check";
    private static final String ENROLMENT = "enrolment";
    private static final String NO_REASON = "none";

    /** The {@code stage} label of {@code facegate_inference_stage_seconds} and where its time is in StageTimings. */
    private enum Stage {
        DECODE(StageTimings::decodeMs),
        DETECT(StageTimings::detectMs),
        LANDMARKS(StageTimings::landmarksMs),
        ALIGN(StageTimings::alignMs),
        EMBED(StageTimings::embedMs),
        PAD(StageTimings::padMs);

        final ToDoubleFunction<StageTimings> millis;

        Stage(ToDoubleFunction<StageTimings> millis) {
            this.millis = millis;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Set<Meter.Id> registered = ConcurrentHashMap.newKeySet();
    private final AtomicLong enrolledIdentities = new AtomicLong();
    private final AtomicLong staleTemplates = new AtomicLong();
    private final AtomicLong plaintextTemplates = new AtomicLong();
    private final Map<String, AtomicLong> templatesByModel = new ConcurrentHashMap<>();
    private final PresentationMetrics pad;

    public FaceGateMetrics(MeterRegistry registry) {
        this.registry = registry;
        remember(Gauge.builder("facegate.enrolled.identities", enrolledIdentities, AtomicLong::get)
                .description("Identities with templates in the state stores of this instance's tasks")
                .register(registry));
        remember(Gauge.builder("facegate.templates.stale", staleTemplates, AtomicLong::get)
                .description("Identities whose stored templates wait for re-sealing under the current key")
                .register(registry));
        remember(Gauge.builder("facegate.templates.plaintext", plaintextTemplates, AtomicLong::get)
                .description("1 when templates are stored unencrypted (development only)")
                .register(registry));
        pad = new PresentationMetrics(registry, this::remember);
        registerAtZero();
    }

    /**
     * The series of the label values the enums define. A reason goes with REJECTED only (Verdict and
     * EnrolmentResult enforce it), so the other decisions and statuses get {@code reason="none"} alone, not a zero
     * series for every reason they can never have. REJECTED gets every Reason, although a few belong to one kind of
     * event only (TOO_MANY_IMAGES to enrolments): a zero series too many costs less than a hand-kept list per event
     * type that a new reason could miss.
     */
    private void registerAtZero() {
        for (Decision decision : Decision.values()) {
            latencyTimer(decision);
            for (String reason : reasonLabels(decision == Decision.REJECTED)) {
                verdictCounter(decision.name(), reason);
            }
        }
        for (EnrolmentStatus status : EnrolmentStatus.values()) {
            for (String reason : reasonLabels(status == EnrolmentStatus.REJECTED)) {
                enrolmentCounter(status.name(), reason);
            }
        }
        processingTimer(CHECK);
        processingTimer(ENROLMENT);
        for (Stage stage : Stage.values()) {
            stageTimer(stage);
        }
        batchSummary();
        resealedCounter();
    }

    private static List<String> reasonLabels(boolean rejected) {
        return rejected ? Arrays.stream(Reason.values()).map(Reason::name).toList() : List.of(NO_REASON);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Counts a verdict and records its latencies. */
    public void verdict(Verdict verdict, long processingNanos) {
        verdictCounter(verdict.decision().name(), reasonLabel(verdict.reason())).increment();
        if (verdict.capturedAt() != null) {
            latencyTimer(verdict.decision()).record(latencyNanos(verdict.capturedAt(), verdict.decidedAt()), TimeUnit.NANOSECONDS);
        }
        processingTimer(CHECK).record(processingNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * capturedAt to decidedAt, clamped to 0 .. 1 day: a gate clock far off (or a capturedAt centuries away, which
     * would overflow nanoseconds) must not break the verdict.
     */
    static long latencyNanos(java.time.Instant capturedAt, java.time.Instant decidedAt) {
        Duration d = Duration.between(capturedAt, decidedAt);
        if (d.isNegative()) {
            return 0;
        }
        return d.compareTo(MAX_LATENCY) > 0 ? MAX_LATENCY.toNanos() : d.toNanos();
    }

    private static final Duration MAX_LATENCY = Duration.ofDays(1);

    /** Counts an enrolment result and records its processing time. */
    public void enrolment(EnrolmentResult result, long processingNanos) {
        enrolmentCounter(result.status().name(), reasonLabel(result.reason())).increment();
        processingTimer(ENROLMENT).record(processingNanos, TimeUnit.NANOSECONDS);
    }

    /** Records the pipeline's time per stage for one analysed image. */
    public void stages(StageTimings timings) {
        for (Stage stage : Stage.values()) {
            double millis = stage.millis.applyAsDouble(timings);
            if (millis > 0) { // 0: a stage that did not run (e.g. no face, so no embedding)
                stageTimer(stage).record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Records a live face's PAD score and judgement by gate group; nothing when PAD did not run ({@code pad} null). */
    public void presentation(org.facegate.pad.PadScore pad) {
        if (pad != null) {
            this.pad.judged(pad);
        }
    }

    /** Publishes {@code facegate_pad_enabled}: whether live images are checked for presentation attacks. */
    public void presentationAttackDetection(boolean enabled) {
        pad.enabled(enabled);
    }

    /** Registers {@code facegate_pad_judgements_total} at zero for these gate groups (the configured ones). */
    public void presentationGroups(Collection<String> groups) {
        pad.groups(groups);
    }

    /**
     * Publishes {@code facegate_cohort_faces}: the faces of the score-normalisation cohort decisions are judged
     * against, 0 for a service without a cohort (decisions on the plain fused distance).
     */
    public void scoreNormalisationCohort(int faces) {
        remember(Gauge.builder("facegate.cohort.faces", () -> faces)
                .description("Faces in the score-normalisation cohort in use; 0 without a cohort (plain fused distance)")
                .register(registry));
    }

    /** Records how many checks went through the face pipeline together. */
    public void batch(int checks) {
        batchSummary().record(checks);
    }

    /**
     * Registers {@code facegate_dead_letters_total} at zero for each reason a record from {@code sourceTopic} can be
     * dead-lettered for, so that the alert sees the first one as an increase.
     */
    public void deadLettersFrom(String sourceTopic, Collection<DeadLetterReason> reasons) {
        reasons.forEach(reason -> deadLetterCounter(sourceTopic, reason.name()));
    }

    /** Counts a record written to the dead-letter topic ({@code sourceTopic} may be one not registered in advance). */
    public void deadLetter(String sourceTopic, DeadLetterReason reason) {
        deadLetterCounter(sourceTopic, reason.name()).increment();
    }

    /** Adds {@code delta} (may be negative) to the enrolled-identities gauge. */
    public void identitiesChanged(long delta) {
        enrolledIdentities.addAndGet(delta);
    }

    /** Adds {@code delta} (may be negative) to the stale-templates gauge. */
    public void staleTemplatesChanged(long delta) {
        staleTemplates.addAndGet(delta);
    }

    public void templatesResealed(int identities) {
        if (identities > 0) {
            resealedCounter().increment(identities);
        }
    }

    /**
     * Registers {@code facegate_templates{model_id}} at zero for each of {@code modelIds} (the model in use and, for a
     * fusion, its members), so that a dashboard shows them before the first enrolment and after the last erasure.
     */
    public void templateModels(Collection<String> modelIds) {
        modelIds.forEach(this::templatesGauge);
    }

    /** Adds {@code delta} (may be negative) to {@code facegate_templates{model_id=modelId}}. */
    public void templatesChanged(String modelId, long delta) {
        templatesGauge(modelId).addAndGet(delta);
    }

    private AtomicLong templatesGauge(String modelId) {
        return templatesByModel.computeIfAbsent(modelId, id -> {
            AtomicLong templates = new AtomicLong();
            remember(Gauge.builder("facegate.templates", templates, AtomicLong::get)
                    .description("Templates in the state stores of this instance's tasks, by the model id they were enrolled under")
                    .tag("model_id", id)
                    .register(registry));
            return templates;
        });
    }

    /** Sets the plaintext-templates gauge: 1 when templates are stored unencrypted. */
    public void templatesPlaintext(boolean plaintext) {
        plaintextTemplates.set(plaintext ? 1 : 0);
    }

    /** Publishes the execution provider in use (e.g. {@code cpu}, {@code cuda}) as a gauge with value 1. */
    public void executionProvider(String provider) {
        remember(Gauge.builder("facegate.execution.provider", () -> 1)
                .description("1 for the ONNX Runtime execution provider the face pipeline uses")
                .tag("provider", provider)
                .register(registry));
    }

    /** Publishes {@code facegate_ready}: 1 while {@code ready} is true, else 0 (read at each scrape). */
    public void readiness(BooleanSupplier ready) {
        remember(Gauge.builder("facegate.ready", ready, r -> r.getAsBoolean() ? 1 : 0)
                .description("1 while Kafka Streams is RUNNING (as /health/ready), 0 otherwise")
                .strongReference(true) // a gauge holds its object weakly; nothing else holds this lambda
                .register(registry));
    }

    /** Publishes {@code facegate_input_lag_records{input}}, read from {@code lag} at each scrape (NaN: unknown). */
    public void inputLag(String input, Supplier<Number> lag) {
        remember(Gauge.builder("facegate.input.lag", lag)
                .description("Records of this input the instance's active tasks have seen but not yet committed")
                .tag("input", input)
                .baseUnit("records")
                .register(registry));
    }

    private static String reasonLabel(Reason reason) {
        return reason == null ? NO_REASON : reason.name();
    }

    // One builder per meter, used both to register it at zero and to find it again when counting (Micrometer returns
    // the meter already registered under the same name and tags).

    private Counter verdictCounter(String decision, String reason) {
        return counter("facegate.verdicts", "Verdicts written, by decision and reason", "decision", decision, "reason", reason);
    }

    private Counter enrolmentCounter(String status, String reason) {
        return counter("facegate.enrolment.results", "Enrolment results written, by status and reason",
                "status", status, "reason", reason);
    }

    private Counter deadLetterCounter(String sourceTopic, String reason) {
        return counter("facegate.dead.letters", "Records written to the dead-letter topic, by source topic and reason",
                "topic", sourceTopic, "reason", reason);
    }

    private Counter resealedCounter() {
        return counter("facegate.templates.resealed", "Identities whose templates were re-sealed under the current key");
    }

    private Timer latencyTimer(Decision decision) {
        return timer("facegate.verdict.latency", "From the gate's capturedAt to the verdict's decidedAt",
                "decision", decision.name(), LATENCY_SLOS);
    }

    private Timer processingTimer(String event) {
        return timer("facegate.processing", "Wall time the processor spends on one event (parse, lookup, inference, match)",
                "event", event, LATENCY_SLOS);
    }

    private Timer stageTimer(Stage stage) {
        return timer("facegate.inference.stage", "Face pipeline time per stage per image", "stage", stage.label(), STAGE_SLOS);
    }

    private Timer timer(String name, String description, String tag, String value, Duration[] buckets) {
        return remember(Timer.builder(name).description(description).tag(tag, value).serviceLevelObjectives(buckets)
                .register(registry));
    }

    private DistributionSummary batchSummary() {
        return remember(DistributionSummary.builder("facegate.batch.size")
                .description("Checks answered by one run of the face pipeline (micro-batch size)")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
                .register(registry));
    }

    private Counter counter(String name, String description, String... tags) {
        return remember(Counter.builder(name).description(description).tags(tags).register(registry));
    }

    private <M extends Meter> M remember(M meter) {
        registered.add(meter.getId());
        return meter;
    }

    @Override
    public void close() {
        registered.forEach(registry::remove);
        registered.clear();
        templatesByModel.clear();
    }
}
