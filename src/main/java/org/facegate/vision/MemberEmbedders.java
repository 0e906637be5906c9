package org.facegate.vision;

import java.util.List;
import org.facegate.inference.Embedding;

/** Runs every member model of a recognition descriptor on the same faces and landmarks. */
final class MemberEmbedders {

    private MemberEmbedders() {
    }

    /**
     * Every member model embeds the same faces; the embeddings are concatenated in member order. Quality is
     * measured on the first member's chip.
     */
    static FaceEmbedder.Timed embed(List<FaceEmbedder> embedders, List<RgbImage> images, Landmarks[] landmarks) {
        FaceEmbedder.Timed first = embedders.get(0).embed(images, landmarks);
        if (embedders.size() == 1) {
            return first;
        }
        Embedding[][] parts = new Embedding[landmarks.length][embedders.size()];
        for (int i = 0; i < landmarks.length; i++) {
            parts[i][0] = first.embeddings()[i];
        }
        long align = first.alignNanos();
        long embed = first.embedNanos();
        for (int m = 1; m < embedders.size(); m++) {
            FaceEmbedder.Timed t = embedders.get(m).embed(images, landmarks);
            for (int i = 0; i < landmarks.length; i++) {
                parts[i][m] = t.embeddings()[i];
            }
            align += t.alignNanos();
            embed += t.embedNanos();
        }
        Embedding[] fused = new Embedding[landmarks.length];
        for (int i = 0; i < fused.length; i++) {
            fused[i] = Embedding.concat(parts[i]);
        }
        return new FaceEmbedder.Timed(fused, first.quality(), align, embed);
    }
}
