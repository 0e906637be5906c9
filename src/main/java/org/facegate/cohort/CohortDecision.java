package org.facegate.cohort;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.ToDoubleFunction;
import org.facegate.inference.CohortNormalisation;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.RecognitionDescriptor;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.inference.Embedding;
import org.facegate.inference.FusionDescriptor;

/**
 * How a service with a cohort decides: the fusion's cohort rule ({@link CohortNormalisation}) over its members'
 * distances normalised against the configured {@link Cohort} ({@link CohortNormaliser}), compared with the rule's own
 * threshold. Both verification paths use it alike: live face against the chip photo, and live face against each
 * enrolled template of the model in use (the smallest normalised score answers). Each face's place in the cohort
 * ({@link #scale}) costs one distance per cohort face and normalised member. Deterministic and thread-safe.
 */
public final class CohortDecision {

    private final FusionDescriptor fusion;
    private final CohortNormalisation rule;
    private final CohortNormaliser normaliser;
    private final double threshold;
    private final String provenance;

    /** One comparison's scores: the normalised fused score the decision is taken on, and the plain fused distance. */
    public record Score(double normalised, double raw) {
    }

    /**
     * @param threshold MATCH when the normalised score is strictly below it (the rule's calibrated one, or the
     *                  configured one)
     * @throws IllegalArgumentException when the fusion has no cohort rule or the cohort holds other models' embeddings
     */
    public CohortDecision(FusionDescriptor fusion, Cohort cohort, double threshold, String provenance) {
        this.rule = fusion.cohortNormalisation();
        if (rule == null) {
            throw new IllegalArgumentException(fusion.id() + " has no cohort rule (cohortNormalisation)");
        }
        if (!cohort.memberModelIds().equals(fusion.members().stream().map(m -> m.id()).toList())) {
            throw new IllegalArgumentException("a cohort of " + cohort.memberModelIds() + " cannot normalise "
                    + fusion.id());
        }
        this.fusion = fusion;
        this.normaliser = new CohortNormaliser(cohort, rule.k(), rule.normalisedFlags());
        this.threshold = threshold;
        this.provenance = provenance;
    }

    /**
     * The decision of a service whose configuration names a cohort file: the descriptor's cohort rule against the
     * cohort read (and opened with {@code keys}) from {@code file}.
     *
     * @param threshold picks the rule's threshold from its calibration (its default, or the one for a target
     *                  false-match rate)
     * @throws IllegalArgumentException when the descriptor is not a fusion with a cohort rule, or the file cannot be
     *                                  opened or holds other models' embeddings
     */
    public static CohortDecision load(Path file, TemplateKeyRing keys, RecognitionDescriptor descriptor,
            ToDoubleFunction<ModelDescriptor.Threshold> threshold) throws IOException {
        if (!(descriptor instanceof FusionDescriptor fusion) || fusion.cohortNormalisation() == null) {
            throw new IllegalArgumentException("a cohort file is configured (" + file + ") but the model descriptor "
                    + descriptor.id() + " has no cohort rule (cohortNormalisation): remove the cohort or use a descriptor"
                    + " with one");
        }
        CohortFile.Contents c = CohortFile.read(file, keys, fusion.members());
        return new CohortDecision(fusion, c.cohort(), threshold.applyAsDouble(fusion.cohortNormalisation().threshold()),
                c.provenance());
    }

    /** The model id verdicts of this rule carry (the rule's, not the plain fusion's). */
    public String modelId() {
        return rule.id();
    }

    /** The rule's name, e.g. {@code as-norm}. */
    public String rule() {
        return CohortNormalisation.RULE;
    }

    public double threshold() {
        return threshold;
    }

    public String cohortVersion() {
        return normaliser.cohort().version();
    }

    public int cohortSize() {
        return normaliser.cohort().size();
    }

    public int neighbours() {
        return normaliser.neighbours();
    }

    /** How the cohort was made (from its file; no data). */
    public String provenance() {
        return provenance;
    }

    /** Where a face sits in the cohort; compute it once per face and check. */
    public CohortNormaliser.FaceScale scale(Embedding face) {
        return normaliser.scale(face);
    }

    /** The scores of faces a and b (concatenated embeddings of the fusion) with their places in the cohort. */
    public Score score(Embedding a, CohortNormaliser.FaceScale scaleA, Embedding b, CohortNormaliser.FaceScale scaleB) {
        double[] members = fusion.memberDistances(a, b);
        return new Score(rule.fuse(normaliser.normalise(members, scaleA, scaleB)), fusion.fuse(members));
    }
}
