package org.facegate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.facegate.events.ComparedWith;
import org.facegate.events.DeadLetterReason;
import org.facegate.events.Decision;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.Reason;
import org.facegate.events.Verdict;
import org.facegate.events.VerdictTimings;
import org.facegate.pad.PadScore;
import org.facegate.vision.StageTimings;
import org.junit.jupiter.api.Test;

/**
 * The series FaceGateMetrics registers at zero before the first event (an alert's increase() misses the first
 * event of a series born at 1), and that counting reuses them instead of creating new ones.
 */
class FaceGateMetricsTest {

    private static final Instant T = Instant.parse("2025-06-01T08:00:00Z");
    private static final Set<String> ALL_REASONS = Arrays.stream(Reason.values()).map(Reason::name).collect(Collectors.toSet());

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** The {@code reason} labels of {@code name}'s counters, by the value of {@code by}; every one must read 0. */
    private Map<String, Set<String>> zeroCountersBy(String name, String by) {
        List<Counter> counters = List.copyOf(registry.find(name).counters());
        counters.forEach(c -> assertEquals(0.0, c.count(), c.getId().toString()));
        return counters.stream().collect(Collectors.groupingBy(c -> c.getId().getTag(by),
                Collectors.mapping(c -> c.getId().getTag("reason"), Collectors.toCollection(TreeSet::new))));
    }

    private Set<String> tagValues(String name, String tag) {
        return registry.find(name).meters().stream().map(m -> m.getId().getTag(tag)).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void verdictAndEnrolmentCountersExistAtZeroOnlyForPairsThatCanOccur() {
        try (FaceGateMetrics ignored = new FaceGateMetrics(registry)) {
            assertEquals(Map.of("MATCH", Set.of("none"), "NO_MATCH", Set.of("none"), "NOT_ENROLLED", Set.of("none"),
                    "REJECTED", ALL_REASONS), zeroCountersBy("facegate.verdicts", "decision"));
            assertEquals(Map.of("ENROLLED", Set.of("none"), "ERASED", Set.of("none"), "REJECTED", ALL_REASONS),
                    zeroCountersBy("facegate.enrolment.results", "status"));
            assertEquals(0.0, registry.get("facegate.templates.resealed").counter().count());
        }
    }

    @Test
    void histogramsWithKnownLabelsExistEmptyBeforeTheFirstEvent() {
        try (FaceGateMetrics ignored = new FaceGateMetrics(registry)) {
            assertEquals(Arrays.stream(Decision.values()).map(Decision::name).collect(Collectors.toSet()),
                    tagValues("facegate.verdict.latency", "decision"));
            assertEquals(Set.of("check", "enrolment"), tagValues("facegate.processing", "event"));
            assertEquals(Set.of("decode", "detect", "landmarks", "align", "embed", "pad"), tagValues("facegate.inference.stage", "stage"));
            registry.find("facegate.inference.stage").timers().forEach(t -> assertEquals(0, t.count(), t.getId().toString()));
            registry.find("facegate.verdict.latency").timers().forEach(t -> assertEquals(0, t.count()));
            assertEquals(0, registry.get("facegate.batch.size").summary().count());
        }
    }

    @Test
    void deadLetterCountersOfASourceExistAtZeroOnceRegistered() {
        try (FaceGateMetrics metrics = new FaceGateMetrics(registry)) {
            assertTrue(registry.find("facegate.dead.letters").counters().isEmpty(), "the topics are not known yet");
            metrics.deadLettersFrom("passport-checks", EnumSet.of(DeadLetterReason.MALFORMED_JSON, DeadLetterReason.NO_CHECK_ID));
            assertEquals(Map.of("passport-checks", Set.of("MALFORMED_JSON", "NO_CHECK_ID")),
                    zeroCountersBy("facegate.dead.letters", "topic"));
        }
    }

    @Test
    void thePadScoreHistogramExistsEmptyAndRecordsEachLiveFacesScoreOnly() {
        try (FaceGateMetrics metrics = new FaceGateMetrics(registry)) {
            Set<Meter.Id> before = registry.getMeters().stream().map(Meter::getId).collect(Collectors.toSet());
            assertEquals(0, registry.get("facegate.pad.score").summary().count());
            metrics.presentation(new PadScore(0.1, 0.45, "pad@1"));
            metrics.presentation(new PadScore(0.9, 0.45, "pad@1"));
            metrics.presentation(null); // PAD did not run: nothing to record
            assertEquals(2, registry.get("facegate.pad.score").summary().count());
            assertEquals(1.0, registry.get("facegate.pad.score").summary().totalAmount(), 1e-12);
            metrics.stages(new StageTimings(1, 2, 0, 0, 0, 3));
            metrics.stages(new StageTimings(1, 2, 3, 4, 5));
            assertEquals(1, registry.get("facegate.inference.stage").tag("stage", "pad").timer().count(),
                    "only images that went through PAD");
            assertEquals(before, registry.getMeters().stream().map(Meter::getId).collect(Collectors.toSet()));
        }
    }

    @Test
    void padJudgementsAreCountedByGateGroupAndOutcomeFromZeroForEveryConfiguredGroup() {
        try (FaceGateMetrics metrics = new FaceGateMetrics(registry)) {
            metrics.presentationGroups(List.of("default", "terminal2", "pier-b"));
            for (String group : List.of("default", "terminal2", "pier-b")) {
                for (String outcome : List.of("bona_fide", "attack")) {
                    assertEquals(0.0, judgements(group, outcome), group + " " + outcome + " exists at zero");
                }
            }
            metrics.presentation(new PadScore(0.1, 0.45, "pad@1"));
            metrics.presentation(new PadScore(0.45, 0.45, "pad@1"));
            metrics.presentation(new PadScore(0.2, 0.3, "pad@1@camera-t2", "terminal2"));
            metrics.presentation(new PadScore(0.29, 0.3, "pad@1@camera-t2", "terminal2"));
            metrics.presentation(new PadScore(0.31, 0.3, "pad@1@camera-t2", "terminal2"));
            metrics.presentation(null);
            assertEquals(1.0, judgements("default", "attack"));
            assertEquals(1.0, judgements("default", "bona_fide"), "at the threshold is bona fide");
            assertEquals(2.0, judgements("terminal2", "attack"));
            assertEquals(1.0, judgements("terminal2", "bona_fide"));
            assertEquals(0.0, judgements("pier-b", "attack") + judgements("pier-b", "bona_fide"));
            assertEquals(5, registry.get("facegate.pad.score").summary().count());
            assertEquals(6, registry.find("facegate.pad.judgements").counters().size(), "three groups, two outcomes");
        }
        assertTrue(registry.find("facegate.pad.judgements").counters().isEmpty(), "close() removes the counters");
    }

    private double judgements(String group, String outcome) {
        return registry.get("facegate.pad.judgements").tags("group", group, "outcome", outcome).counter().count();
    }

    @Test
    void thePadEnabledGaugeIsOneWhenLiveImagesAreCheckedAndZeroWhenNot() {
        try (FaceGateMetrics metrics = new FaceGateMetrics(registry)) {
            metrics.presentationAttackDetection(true);
            assertEquals(1.0, registry.get("facegate.pad.enabled").gauge().value());
        }
        assertTrue(registry.find("facegate.pad.enabled").gauges().isEmpty(), "close() removes the gauge");
        try (FaceGateMetrics metrics = new FaceGateMetrics(registry)) {
            metrics.presentationAttackDetection(false);
            assertEquals(0.0, registry.get("facegate.pad.enabled").gauge().value());
        }
    }

    @Test
    void theCohortGaugeIsTheCohortsSizeAndZeroWithoutOne() {
        try (FaceGateMetrics metrics = new FaceGateMetrics(registry)) {
            metrics.scoreNormalisationCohort(2000);
            assertEquals(2000.0, registry.get("facegate.cohort.faces").gauge().value());
        }
        assertTrue(registry.find("facegate.cohort.faces").gauges().isEmpty(), "close() removes the gauge");
        try (FaceGateMetrics metrics = new FaceGateMetrics(registry)) {
            metrics.scoreNormalisationCohort(0);
            assertEquals(0.0, registry.get("facegate.cohort.faces").gauge().value(), "no cohort: plain decisions");
        }
    }

    @Test
    void countingIncrementsTheSeriesRegisteredAtZeroAndCreatesNoOther() {
        try (FaceGateMetrics metrics = new FaceGateMetrics(registry)) {
            metrics.deadLettersFrom("passport-checks", EnumSet.allOf(DeadLetterReason.class));
            Set<Meter.Id> before = registry.getMeters().stream().map(Meter::getId).collect(Collectors.toSet());

            metrics.verdict(new Verdict(1, "c", "g", "D1", Decision.REJECTED, Reason.NO_FACE, "x", null, 0.6, "m", T,
                    T.plusMillis(100), VerdictTimings.NONE, null, null), 1_000_000L);
            metrics.verdict(new Verdict(1, "c2", "g", "D1", Decision.MATCH, null, null, 0.3, 0.6, "m", T,
                    T.plusMillis(200), VerdictTimings.NONE, ComparedWith.ENROLMENT, null), 1_000_000L);
            metrics.enrolment(new EnrolmentResult(1, "D1", EnrolmentStatus.ENROLLED, null, null, 1, T), 1_000_000L);
            metrics.stages(new StageTimings(1, 2, 3, 4, 5));
            metrics.batch(2);
            metrics.deadLetter("passport-checks", DeadLetterReason.MALFORMED_JSON);
            metrics.templatesResealed(3);

            assertEquals(before, registry.getMeters().stream().map(Meter::getId).collect(Collectors.toSet()));
            assertEquals(1.0, registry.get("facegate.verdicts").tags("decision", "REJECTED", "reason", "NO_FACE").counter().count());
            assertEquals(1.0, registry.get("facegate.enrolment.results").tags("status", "ENROLLED", "reason", "none").counter().count());
            assertEquals(1.0, registry.get("facegate.dead.letters").tags("topic", "passport-checks", "reason", "MALFORMED_JSON")
                    .counter().count());
            assertEquals(1, registry.get("facegate.inference.stage").tag("stage", "embed").timer().count());
            assertEquals(2, registry.get("facegate.processing").tag("event", "check").timer().count());
            assertEquals(3.0, registry.get("facegate.templates.resealed").counter().count());
        }
    }
}
