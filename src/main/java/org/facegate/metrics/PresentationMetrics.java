package org.facegate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.function.Consumer;
import org.facegate.pad.PadGroups;
import org.facegate.pad.PadScore;

/**
 * The presentation-attack meters of {@link FaceGateMetrics}, which registers and removes them:
 * {@code facegate_pad_score} (histogram of live faces' bona fide probability), {@code facegate_pad_enabled} and
 * {@code facegate_pad_judgements_total{group, outcome}}: live faces judged by PAD, by the gate group whose descriptor
 * judged them ({@code default} or a configured group: a bounded set, never a gate id) and {@code outcome}
 * {@code bona_fide} or {@code attack}, so that {@code rate(attack) / rate(all)} is a group's attack share.
 */
final class PresentationMetrics {

    static final String BONA_FIDE = "bona_fide";
    static final String ATTACK = "attack";

    private final MeterRegistry registry;
    private final Consumer<Meter> remember;

    /** @param remember told of every meter registered, so that its owner can remove it */
    PresentationMetrics(MeterRegistry registry, Consumer<Meter> remember) {
        this.registry = registry;
        this.remember = remember;
        scoreSummary();
        groups(java.util.List.of(PadGroups.DEFAULT));
    }

    /** Registers the judgement counters of {@code groups} at zero, so that an alert sees a group's first attack. */
    void groups(Collection<String> groups) {
        for (String group : groups) {
            judgements(group, BONA_FIDE);
            judgements(group, ATTACK);
        }
    }

    /** Counts a live face's PAD judgement and records its score. */
    void judged(PadScore pad) {
        scoreSummary().record(pad.score());
        judgements(pad.group(), pad.attack() ? ATTACK : BONA_FIDE).increment();
    }

    void enabled(boolean on) {
        remember.accept(Gauge.builder("facegate.pad.enabled", () -> on ? 1 : 0)
                .description("1 while live images are checked for presentation attacks, 0 when switched off")
                .register(registry));
    }

    private Counter judgements(String group, String outcome) {
        Counter c = Counter.builder("facegate.pad.judgements")
                .description("Live faces judged by presentation-attack detection, by gate group and outcome")
                .tags("group", group, "outcome", outcome).register(registry);
        remember.accept(c);
        return c;
    }

    private DistributionSummary scoreSummary() {
        DistributionSummary s = DistributionSummary.builder("facegate.pad.score")
                .description("Bona fide probability from presentation-attack detection per live face (low: attack)")
                .serviceLevelObjectives(0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0)
                .register(registry);
        remember.accept(s);
        return s;
    }
}
