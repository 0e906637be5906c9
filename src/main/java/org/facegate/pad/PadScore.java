package org.facegate.pad;

/**
 * What the PAD stage thinks of one live face: the probability of a bona fide presentation, the threshold it was
 * judged against, the id of the PAD descriptor that judged it (for a fusion, the fused descriptor's id, not a
 * member's) and the gate group whose descriptor that is ({@link PadGroups#DEFAULT} unless the gate belongs to a
 * configured {@link PadGroup}). Below the threshold is an attack.
 */
public record PadScore(double score, double threshold, String modelId, String group) {

    public PadScore {
        if (group == null || group.isEmpty()) {
            throw new IllegalArgumentException("a PAD score names the gate group whose descriptor judged it");
        }
    }

    /** A score judged by the default group's descriptor. */
    public PadScore(double score, double threshold, String modelId) {
        this(score, threshold, modelId, PadGroups.DEFAULT);
    }

    public boolean bonaFide() {
        return score >= threshold;
    }

    public boolean attack() {
        return !bonaFide();
    }
}
