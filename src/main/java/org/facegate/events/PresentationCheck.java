package org.facegate.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.regex.Pattern;

/**
 * What presentation-attack detection (PAD) made of a check's live image: the bona fide probability {@code score}
 * (0..1), the {@code threshold} it was judged against (below it: an attack), the PAD model (descriptor id) and the gate
 * group whose descriptor that is ({@code default}, or a group configured by gateId prefix). Carried by every verdict
 * whose live image went through PAD; required for REJECTED PRESENTATION_ATTACK, which carries no distance.
 *
 * @param group null only in verdicts written before gate groups existed (optional and additive in schema version 1)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresentationCheck(double score, double threshold, String modelId, String group) {

    /** A gate group's name, as {@code org.facegate.pad.PadGroup} and the schema allow it. */
    private static final Pattern GROUP = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public PresentationCheck {
        if (!(score >= 0 && score <= 1) || !(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("PAD score and threshold are probabilities in [0, 1]");
        }
        Events.requireText("presentation.modelId", modelId, Events.MAX_ID_LENGTH);
        if (group != null && !GROUP.matcher(group).matches()) {
            throw new IllegalArgumentException("presentation.group must be a gate group's name: a lower-case word of"
                    + " letters a-z, digits, '-' and '_', at most 64 characters");
        }
    }

    /** Without a gate group (as verdicts were written before groups existed). */
    public PresentationCheck(double score, double threshold, String modelId) {
        this(score, threshold, modelId, null);
    }
}
