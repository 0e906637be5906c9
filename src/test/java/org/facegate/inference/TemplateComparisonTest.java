package org.facegate.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;

/**
 * Under the fusion, templates enrolled with one of its member models (today's default) are answered by that member:
 * its slice of the live embedding, its metric and its own threshold; the fusion's own templates by the fused score;
 * templates of any other model by nobody.
 */
class TemplateComparisonTest {

    @Test
    void memberTemplatesAreAnsweredByTheMemberThatMadeThem() throws Exception {
        RecognitionDescriptor fusion = RecognitionDescriptor.load(TestModels.modelsDir().resolve("facegate-fusion.model.json"));
        ModelDescriptor dlib = fusion.members().get(0);
        ModelDescriptor arc = fusion.members().get(1);
        float[] a = new float[640];
        float[] b = new float[640];
        Arrays.fill(a, 0, 128, 0.1f);
        Arrays.fill(b, 0, 128, 0.1f);
        b[0] = 0.4f; // the dlib parts differ by 0.3 in one value
        Arrays.fill(a, 128, 640, 1f);
        Arrays.fill(b, 128, 384, 1f); // the ArcFace parts are at 45 degrees: cosine distance 1 - 1/sqrt(2)
        Embedding live = new Embedding(a);
        Embedding other = new Embedding(b);

        TemplateComparison byDlib = TemplateComparison.of(fusion, -2.86, dlib.id()).orElseThrow();
        assertEquals(dlib.threshold().distance(), byDlib.threshold(), 0);
        assertEquals(0.3, byDlib.distance(byDlib.live(live), other.slice(0, 128)), 1e-6);

        TemplateComparison byArc = TemplateComparison.of(fusion, -2.86, arc.id()).orElseThrow();
        assertEquals(1 - Math.sqrt(0.5), byArc.distance(byArc.live(live), other.slice(128, 512)), 1e-6);

        TemplateComparison fused = TemplateComparison.of(fusion, -2.86, fusion.id()).orElseThrow();
        assertEquals(-2.86, fused.threshold(), 0);
        assertEquals(((FusionDescriptor) fusion).fuse(new double[] {0.3, 1 - Math.sqrt(0.5)}), fused.distance(fused.live(live), other),
                1e-6);

        assertTrue(TemplateComparison.of(fusion, -2.86, "some-other-model@1").isEmpty());
        assertTrue(TemplateComparison.of(dlib, 0.55, arc.id()).isEmpty(), "a single model answers only its own");
    }
}
