package org.facegate.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDescriptorTest {

    private static final String ARCFACE_LIKE = """
            {"schemaVersion": 1, "id": "someone-arcface@2", "onnxFile": "arc.onnx",
             "input": {"name": "data", "width": 112, "height": 112, "layout": "nhwc", "channelOrder": "BGR",
                       "mean": [127.5, 127.5, 127.5], "std": [128, 128, 128]},
             "output": {"name": "fc1", "dimension": 512},
             "metric": "cosine", "flipAverage": true,
             "alignment": {"method": "similarity", "template": {"leftEye": [38, 46], "rightEye": [74, 46],
                           "nose": [56, 66], "mouthLeft": [42, 86], "mouthRight": [70, 86]}},
             "threshold": {"distance": 0.6, "calibration": null,
                           "byFalseMatchRate": [{"falseMatchRate": 0.01, "distance": 0.7},
                                                {"falseMatchRate": 0.001, "distance": 0.6}]}}
            """;

    @Test
    void parsesEveryFieldAndStdBecomesScale() {
        ModelDescriptor d = ModelDescriptor.parse(ARCFACE_LIKE);
        assertEquals("someone-arcface@2", d.id());
        assertEquals(ModelDescriptor.Layout.NHWC, d.input().layout());
        assertEquals(ModelDescriptor.ChannelOrder.BGR, d.input().channelOrder());
        assertArrayEquals(new float[] {1 / 128f, 1 / 128f, 1 / 128f}, d.input().scale());
        assertArrayEquals(new long[] {4, 112, 112, 3}, d.input().shape(4));
        assertEquals(512, d.output().dimension());
        assertEquals(ModelDescriptor.Metric.COSINE, d.metric());
        assertTrue(d.flipAverage());
        assertEquals(ModelDescriptor.AlignmentMethod.SIMILARITY, d.alignment().method());
        assertArrayEquals(new double[] {56, 66}, d.alignment().template().get(ModelDescriptor.ReferencePoint.NOSE));
        assertNull(d.threshold().calibration());
        assertEquals(0.001, d.threshold().byFalseMatchRate().get(0).falseMatchRate(), "table sorted by rate");
        assertEquals(Path.of("/models/arc.onnx"), d.onnxPath(Path.of("/models")));
    }

    @Test
    void jsonRoundTripKeepsEverything(@TempDir Path dir) throws Exception {
        ModelDescriptor d = ModelDescriptor.parse(ARCFACE_LIKE);
        Path f = dir.resolve("m.model.json");
        d.write(f);
        ModelDescriptor back = ModelDescriptor.load(f);
        assertEquals(d.toJson(), back.toJson());
        assertArrayEquals(d.input().mean(), back.input().mean());
        assertEquals(d.alignment().template().keySet(), back.alignment().template().keySet());
    }

    @Test
    void anInt8GraphIsOptionalAndRoundTrips(@TempDir Path dir) throws Exception {
        ModelDescriptor d = ModelDescriptor.parse(ARCFACE_LIKE);
        assertNull(d.int8OnnxFile(), "no int8 graph unless the descriptor names one");
        assertNull(d.int8Path(dir));
        ModelDescriptor int8 = d.withInt8("arc.int8.onnx");
        assertEquals(d.id(), int8.id(), "same model id: int8 is an execution choice");
        Path f = dir.resolve("m.model.json");
        int8.write(f);
        ModelDescriptor back = ModelDescriptor.load(f);
        assertEquals("arc.int8.onnx", back.int8OnnxFile());
        assertEquals(dir.resolve("arc.int8.onnx"), back.int8Path(dir));
        assertNull(back.withoutInt8().int8OnnxFile());
        assertEquals("arc.int8.onnx", back.withThreshold(back.threshold()).withFlipAverage(false).int8OnnxFile(),
                "every other change keeps the int8 graph");
        assertMessage(ARCFACE_LIKE.replace("\"onnxFile\": \"arc.onnx\",", "\"onnxFile\": \"arc.onnx\", \"int8OnnxFile\": \"\","),
                "int8OnnxFile");
    }

    @Test
    void thresholdForAFalseMatchRateInterpolatesInLogRate() {
        ModelDescriptor.Threshold t = ModelDescriptor.parse(ARCFACE_LIKE).threshold();
        assertEquals(0.6, t.atFalseMatchRate(0.001), 1e-12);
        assertEquals(0.7, t.atFalseMatchRate(0.01), 1e-12);
        // sqrt(0.001 * 0.01) is half-way in log rate.
        assertEquals(0.65, t.atFalseMatchRate(Math.sqrt(0.001 * 0.01)), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.atFalseMatchRate(1e-5));
        assertTrue(e.getMessage().contains("outside the calibrated range"), e.getMessage());
    }

    @Test
    void metricsAreEuclideanAndCosine() {
        Embedding a = new Embedding(new float[] {3, 0});
        Embedding b = new Embedding(new float[] {0, 4});
        assertEquals(5, ModelDescriptor.Metric.EUCLIDEAN.distance(a, b), 1e-12);
        assertEquals(1, ModelDescriptor.Metric.COSINE.distance(a, b), 1e-12);
    }

    @Test
    void invalidDescriptorsNameTheField() {
        assertMessage(ARCFACE_LIKE.replace("\"schemaVersion\": 1", "\"schemaVersion\": 2"), "schemaVersion");
        assertMessage(ARCFACE_LIKE.replace("\"layout\": \"nhwc\"", "\"layout\": \"chw\""), "input.layout");
        assertMessage(ARCFACE_LIKE.replace("\"metric\": \"cosine\"", "\"metric\": \"manhattan\""), "metric");
        assertMessage(ARCFACE_LIKE.replace("\"dimension\": 512", "\"dimension\": 0"), "output.dimension");
        assertMessage(ARCFACE_LIKE.replace("[127.5, 127.5, 127.5]", "[127.5]"), "input.mean");
        assertMessage(ARCFACE_LIKE.replace("\"nose\"", "\"chin\""), "chin");
        assertMessage(ARCFACE_LIKE.replace("\"distance\": 0.6, \"calibration\"", "\"distance\": -1, \"calibration\""),
                "threshold.distance");
        assertMessage(ARCFACE_LIKE.replace("\"method\": \"similarity\"", "\"method\": \"face-api-square\"")
                .replace("\"width\": 112", "\"width\": 96"), "square input");
        assertMessage("not json", "not valid JSON");
    }

    @Test
    void faceApiSquareDescriptorNeedsNoTemplate() {
        ModelDescriptor d = ModelDescriptor.parse(ARCFACE_LIKE.replace("\"method\": \"similarity\"",
                "\"method\": \"face-api-square\"").replaceAll("\"template\": \\{[^}]*}", "\"x\": 0"));
        assertEquals(ModelDescriptor.AlignmentMethod.FACE_API_SQUARE, d.alignment().method());
        assertTrue(d.alignment().template().isEmpty());
        assertFalse(d.toJson().contains("template"));
    }

    private static void assertMessage(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelDescriptor.parse(json));
        assertTrue(e.getMessage().contains(expected), "message should name " + expected + ": " + e.getMessage());
    }
}
