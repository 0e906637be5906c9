package org.facegate.events;

/**
 * One member model's own distance behind a fused verdict: the live face against the compared face (the chip photo,
 * or the enrolled template with the smallest fused distance), in that member's metric (Euclidean or cosine, so about
 * 0 or more; not normalised, not weighted). Lets an operator see which model carried a decision. Never an embedding.
 *
 * @param modelId  the member model, as in its descriptor (e.g. {@code faceplugin-arcface512-sim5@0.0.1})
 * @param distance its distance; a finite number
 */
public record MemberDistance(String modelId, double distance) {

    public MemberDistance {
        Events.requireText("members[].modelId", modelId, Events.MAX_ID_LENGTH);
        if (!Double.isFinite(distance)) {
            throw new IllegalArgumentException("members[].distance must be a finite number");
        }
    }
}
