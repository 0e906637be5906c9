package org.facegate.matching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.facegate.inference.Embedding;
import org.junit.jupiter.api.Test;

class TemplateSetTest {

    private static Template template(long millis, float value) {
        float[] v = new float[128];
        Arrays.fill(v, value);
        return new Template(Instant.ofEpochMilli(millis), new Embedding(v));
    }

    @Test
    void mergeKeepsTheNewestUpToTheLimit() {
        TemplateSet one = TemplateSet.merge(null, "m", List.of(template(1, 1), template(2, 2)), 3);
        TemplateSet two = TemplateSet.merge(one, "m", List.of(template(3, 3), template(4, 4)), 3);
        assertEquals(List.of(2f, 3f, 4f), two.templates().stream().map(t -> t.embedding().values()[0]).toList());
    }

    @Test
    void mergeDropsTemplatesOfAnotherModel() {
        TemplateSet old = TemplateSet.merge(null, "old-model", List.of(template(1, 1)), 5);
        TemplateSet merged = TemplateSet.merge(old, "new-model", List.of(template(2, 2)), 5);
        assertEquals(1, merged.size());
        assertEquals("new-model", merged.modelId());
    }

    @Test
    void minDistanceIsOverAllTemplates() {
        TemplateSet set = TemplateSet.merge(null, "m", List.of(template(1, 0), template(2, 1)), 5);
        float[] live = new float[128];
        Arrays.fill(live, 0.9f);
        double min = set.minDistance(new Embedding(live), Embedding::euclideanDistance).orElseThrow();
        assertEquals(Math.sqrt(128 * 0.01), min, 1e-5);
    }

    @Test
    void codecRoundTripsExactly() {
        TemplateSet set = TemplateSet.merge(null, "face-api-resnet128@1.7.15",
                List.of(template(1_700_000_000_123L, 0.25f), template(1_700_000_001_000L, -1.5f)), 5);
        byte[] bytes = TemplateCodec.encode(set);
        assertEquals(1 + 2 + 25 + 4 + 4 + 2 * (8 + 128 * 4), bytes.length);
        TemplateSet back = TemplateCodec.decode(bytes);
        assertEquals(set, back);
        assertArrayEquals(bytes, TemplateCodec.encode(back));
    }

    @Test
    void codecRejectsTruncatedOrForeignBytes() {
        byte[] bytes = TemplateCodec.encode(TemplateSet.merge(null, "m", List.of(template(1, 1)), 5));
        assertThrows(IllegalArgumentException.class, () -> TemplateCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> TemplateCodec.decode(new byte[] {9, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> TemplateCodec.decode(new byte[0]));
    }

    @Test
    void toStringShowsNoEmbedding() {
        TemplateSet set = TemplateSet.merge(null, "m", List.of(template(1, 0.123f)), 5);
        assertEquals("TemplateSet[m, 1 templates]", set.toString());
    }
}
