package org.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.facegate.inference.Embedding;
import org.facegate.inference.ExecutionProvider;
import org.facegate.inference.InferenceSettings;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;

/**
 * The build's default runs the int8 graphs of both recognition networks on the CPU provider, under the same model
 * id as the fp32 fusion one setting away; the embeddings of the same faces stay close to the fp32 ones, member by
 * member, and a face checked with int8 against its fp32 template is far inside the threshold.
 */
class Int8RecognitionTest {

    @Test
    void int8OnTheCpuCloseToFp32AndTheSameModelId() throws Exception {
        PipelineSettings cpu = PipelineSettings.DEFAULTS.withInference(
                InferenceSettings.DEFAULTS.withProvider(ExecutionProvider.CPU));
        try (FacePipeline int8 = FacePipeline.open(TestModels.modelsDir(), cpu);
                FacePipeline fp32 = FacePipeline.open(TestModels.modelsDir(),
                        TestModels.modelsDir().resolve("facegate-fusion-fp32.model.json"), cpu)) {
            assertTrue(int8.recognitionGraphs().stream().allMatch(g -> g.endsWith(".int8.onnx")), int8.recognitionGraphs().toString());
            assertTrue(fp32.recognitionGraphs().stream().noneMatch(g -> g.contains("int8")), fp32.recognitionGraphs().toString());
            assertEquals(fp32.modelId(), int8.modelId(), "int8 is an execution choice under the same model id");
            byte[] photo = Files.readAllBytes(TestModels.samplePhoto("sample1.jpg")); // a group photo
            List<FacePipeline.FoundFace> a = int8.findAllFaces(photo).value();
            List<FacePipeline.FoundFace> b = fp32.findAllFaces(photo).value();
            assertTrue(a.size() >= 3 && a.size() == b.size(), a.size() + " and " + b.size() + " faces");
            double[] minimum = {0.999, 0.98}; // ResNet, ArcFace: what calibrate-int8 measured, with room for other photos
            for (int i = 0; i < a.size(); i++) {
                Embedding x = a.get(i).embedding();
                Embedding y = b.get(i).embedding();
                double[] members = memberCosines(x, y, 128);
                for (int m = 0; m < 2; m++) {
                    assertTrue(members[m] > minimum[m], "face " + i + " member " + m + ": cosine " + members[m]);
                }
                double d = int8.distance(x, y);
                assertTrue(d < int8.threshold() - 1.5, "face " + i + ": int8 live against fp32 template " + d
                        + ", threshold " + int8.threshold());
            }
            assertFalse(a.isEmpty());
        }
    }

    /** Cosine of the first {@code firstDim} values and of the rest (the fusion concatenates its members). */
    private static double[] memberCosines(Embedding a, Embedding b, int firstDim) {
        float[] x = a.values();
        float[] y = b.values();
        return new double[] {cosine(x, y, 0, firstDim), cosine(x, y, firstDim, x.length)};
    }

    private static double cosine(float[] x, float[] y, int from, int to) {
        double d = 0;
        double nx = 0;
        double ny = 0;
        for (int i = from; i < to; i++) {
            d += x[i] * y[i];
            nx += x[i] * x[i];
            ny += y[i] * y[i];
        }
        return d / Math.sqrt(nx * ny);
    }
}
