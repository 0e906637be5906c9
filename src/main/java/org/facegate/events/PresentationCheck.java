package org.facegate.events;

/**
 * What presentation-attack detection (PAD) made of a check's live image: the bona fide probability {@code score}
 * (0..1), the {@code threshold} it was judged against (below it: an attack) and the PAD model. Carried by every
 * verdict whose live image went through PAD; required for REJECTED PRESENTATION_ATTACK, which carries no distance.
 */
public record PresentationCheck(double score, double threshold, String modelId) {

    public PresentationCheck {
        if (!(score >= 0 && score <= 1) || !(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("PAD score and threshold are probabilities in [0, 1]");
        }
        Events.requireText("presentation.modelId", modelId, Events.MAX_ID_LENGTH);
    }
}
