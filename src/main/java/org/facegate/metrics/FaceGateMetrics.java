package org.facegate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.facegate.events.DeadLetterReason;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.Verdict;
import org.facegate.vision.StageTimings;

/**
 * FaceGate's own meters, all named {@code facegate_*} in Prometheus. Labels are bounded enums (decision, reason,
 * status, stage, topic, provider): never a document id, check id or image. Thread-safe: the stream threads call
 * it. {@link #close()} removes every meter it registered.
 *
 * <ul>
 *   <li>{@code facegate_verdict_latency_seconds} (histogram, SLO buckets): capturedAt to decidedAt, by decision.
 *       Includes the gate's clock skew; negative values count as 0.</li>
 *   <li>{@code facegate_processing_seconds} (histogram): wall time in the processor per event, by event type.</li>
 *   <li>{@code facegate_inference_stage_seconds} (histogram): per pipeline stage (decode, detect, landmarks,
 *       align, embed) per analysed image.</li>
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

    private final MeterRegistry registry;
    private final Set<Meter.Id> registered = ConcurrentHashMap.newKeySet();
    private final AtomicLong enrolledIdentities = new AtomicLong();
    private final AtomicLong staleTemplates = new AtomicLong();
    private final AtomicLong plaintextTemplates = new AtomicLong();

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
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Counts a verdict and records its latencies. */
    public void verdict(Verdict verdict, long processingNanos) {
        String decision = verdict.decision().name();
        counter("facegate.verdicts", "Verdicts written, by decision and reason",
                "decision", decision, "reason", verdict.reason() == null ? "none" : verdict.reason().name()).increment();
        if (verdict.capturedAt() != null) {
            long nanos = latencyNanos(verdict.capturedAt(), verdict.decidedAt());
            remember(Timer.builder("facegate.verdict.latency")
                    .description("From the gate's capturedAt to the verdict's decidedAt")
                    .tag("decision", decision)
                    .serviceLevelObjectives(LATENCY_SLOS)
                    .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
        }
        processing("check", processingNanos);
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
        counter("facegate.enrolment.results", "Enrolment results written, by status and reason",
                "status", result.status().name(), "reason", result.reason() == null ? "none" : result.reason().name())
                .increment();
        processing("enrolment", processingNanos);
    }

    /** Records the pipeline's time per stage for one analysed image. */
    public void stages(StageTimings timings) {
        stage("decode", timings.decodeMs());
        stage("detect", timings.detectMs());
        stage("landmarks", timings.landmarksMs());
        stage("align", timings.alignMs());
        stage("embed", timings.embedMs());
    }

    /** Records how many checks went through the face pipeline together. */
    public void batch(int checks) {
        remember(DistributionSummary.builder("facegate.batch.size")
                .description("Checks answered by one run of the face pipeline (micro-batch size)")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
                .register(registry)).record(checks);
    }

    public void deadLetter(String sourceTopic, DeadLetterReason reason) {
        counter("facegate.dead.letters", "Records written to the dead-letter topic, by source topic and reason",
                "topic", sourceTopic, "reason", reason.name()).increment();
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
            counter("facegate.templates.resealed", "Identities whose templates were re-sealed under the current key")
                    .increment(identities);
        }
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

    private void processing(String event, long nanos) {
        remember(Timer.builder("facegate.processing")
                .description("Wall time the processor spends on one event (parse, lookup, inference, match)")
                .tag("event", event)
                .serviceLevelObjectives(LATENCY_SLOS)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    private void stage(String stage, double millis) {
        if (millis <= 0) {
            return; // a stage that did not run (e.g. no face, so no embedding)
        }
        remember(Timer.builder("facegate.inference.stage")
                .description("Face pipeline time per stage per image")
                .tag("stage", stage)
                .serviceLevelObjectives(STAGE_SLOS)
                .register(registry)).record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
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
    }
}
