package org.facegate.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;

/**
 * A fusion descriptor's cohort rule: written and read back unchanged, checked against the fusion's members, and
 * fusing normalised member distances with its own weights; a fusion without one reads and writes as before.
 */
class CohortNormalisationTest {

    private static final ModelDescriptor.Threshold THRESHOLD = new ModelDescriptor.Threshold(-3.0, null,
            List.of(new ModelDescriptor.FarPoint(0.001, -3.0), new ModelDescriptor.FarPoint(0.01, -2.1)));

    private static FusionDescriptor plain() throws IOException {
        FusionDescriptor d = (FusionDescriptor) RecognitionDescriptor.load(
                TestModels.modelsDir().resolve("facegate-fusion.model.json"));
        return d.withCohortNormalisation(null);
    }

    private static CohortNormalisation rule(FusionDescriptor d, List<String> ids) {
        return new CohortNormalisation("fusion-asnorm@2", 200, List.of(ids.get(0)), List.of(
                new CohortNormalisation.MemberFit(ids.get(0), 0.75, 2.0, 0.5),
                new CohortNormalisation.MemberFit(ids.get(1), 0.25, 1.0, 0.1)), "LFW, per fold", THRESHOLD);
    }

    @Test
    void aCohortRuleIsWrittenAndReadBackUnchanged() throws IOException {
        FusionDescriptor d = plain();
        List<String> ids = d.members().stream().map(ModelDescriptor::id).toList();
        FusionDescriptor with = d.withCohortNormalisation(rule(d, ids));
        FusionDescriptor read = FusionDescriptor.parse(new ObjectMapper().readTree(with.toJson()), TestModels.modelsDir());
        assertEquals(with.cohortNormalisation(), read.cohortNormalisation());
        assertEquals(with.threshold(), read.threshold(), "the plain rule's threshold stays");
        assertArrayEquals(new boolean[] {true, false}, read.cohortNormalisation().normalisedFlags());
        assertTrue(with.toJson().contains("\"rule\" : \"as-norm\""), with.toJson());
        assertEquals(with.cohortNormalisation(), with.withThreshold(THRESHOLD).cohortNormalisation(),
                "a new plain threshold keeps the cohort rule");

        FusionDescriptor noRule = FusionDescriptor.parse(new ObjectMapper().readTree(d.toJson()), TestModels.modelsDir());
        assertNull(noRule.cohortNormalisation());
        assertTrue(!d.toJson().contains("cohortNormalisation"));
    }

    @Test
    void theRuleFusesNormalisedDistancesWithItsOwnWeightsAndStatistics() throws IOException {
        FusionDescriptor d = plain();
        CohortNormalisation r = rule(d, d.members().stream().map(ModelDescriptor::id).toList());
        assertEquals(0.75 * (1.0 - 2.0) / 0.5 + 0.25 * (0.9 - 1.0) / 0.1, r.fuse(new double[] {1.0, 0.9}), 1e-12);
    }

    @Test
    void aRuleMustSpeakOfTheFusionsMembersInOrder() throws IOException {
        FusionDescriptor d = plain();
        List<String> ids = d.members().stream().map(ModelDescriptor::id).toList();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.withCohortNormalisation(rule(d, List.of(ids.get(1), ids.get(0)))));
        assertTrue(e.getMessage().contains("in order"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CohortNormalisation("x@1", 1, List.of(ids.get(0)),
                rule(d, ids).members(), "", THRESHOLD), "k of 1");
        String json = d.withCohortNormalisation(rule(d, ids)).toJson().replace("\"as-norm\"", "\"z-norm\"");
        e = assertThrows(IllegalArgumentException.class,
                () -> FusionDescriptor.parse(new ObjectMapper().readTree(json), TestModels.modelsDir()));
        assertTrue(e.getMessage().contains("rule"), e.getMessage());
    }
}
