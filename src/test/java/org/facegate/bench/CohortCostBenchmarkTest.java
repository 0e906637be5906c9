package org.facegate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.facegate.inference.CohortNormalisation;
import org.facegate.inference.FusionDescriptor;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.RecognitionDescriptor;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;

/** The cohort-cost measurement reports what it measured; it refuses a fusion without a cohort rule. */
class CohortCostBenchmarkTest {

    @Test
    void reportsTheCohortSizeAndBothKindsOfCheck() throws IOException {
        FusionDescriptor plain = ((FusionDescriptor) RecognitionDescriptor.load(
                TestModels.modelsDir().resolve("facegate-fusion.model.json"))).withCohortNormalisation(null);
        assertThrows(IllegalArgumentException.class, () -> new CohortCostBenchmark(plain, 50, 3));
        List<String> ids = plain.members().stream().map(ModelDescriptor::id).toList();
        FusionDescriptor withRule = plain.withCohortNormalisation(new CohortNormalisation("x-asnorm@1", 10,
                List.of(ids.get(0)), List.of(new CohortNormalisation.MemberFit(ids.get(0), 0.5, 0, 1),
                        new CohortNormalisation.MemberFit(ids.get(1), 0.5, 0, 1)), "test",
                new ModelDescriptor.Threshold(-3, null, List.of())));
        Map<String, Object> r = new CohortCostBenchmark(withRule, 50, 3).run(0.001, 2);
        assertEquals(50, r.get("cohortFaces"));
        assertEquals(3, r.get("enrolmentCheckTemplates"));
        assertEquals(2, ((List<?>) r.get("chipCheckCpuMsPerWindow")).size(), "one figure per window after warm-up");
        assertTrue(r.containsKey("enrolmentCheckCpuMs"));
    }
}
