package org.facegate.pad;

/**
 * What the PAD stage thinks of one live face: the probability of a bona fide presentation, the threshold it was
 * judged against and the id of the PAD descriptor that judged it (for a fusion, the fused descriptor's id, not a
 * member's). Below the threshold is an attack.
 */
public record PadScore(double score, double threshold, String modelId) {

    public boolean bonaFide() {
        return score >= threshold;
    }

    public boolean attack() {
        return !bonaFide();
    }
}
