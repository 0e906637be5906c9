package org.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facegate.inference.Embedding;
import org.facegate.inference.ExecutionProvider;
import org.facegate.inference.InferenceException;
import org.facegate.inference.InferenceSettings;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.OnnxModel;
import org.facegate.inference.OnnxRuntime;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;
import org.facegate.modelimport.onnx.OnnxProto.TensorShapeProto;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;

/**
 * The descriptor is checked against the shapes the ONNX file declares when the embedder is made (one clear line,
 * never an error at the first check), and a model whose batch is fixed at 1 embeds a batch face by face with the
 * same result as the dynamic-batch model.
 */
class FaceEmbedderShapeTest {

    private static final OnnxRuntime CPU = new OnnxRuntime(InferenceSettings.DEFAULTS.withProvider(ExecutionProvider.CPU));

    private static ModelDescriptor arcface() throws Exception {
        return ModelDescriptor.load(TestModels.modelsDir().resolve("faceplugin-arcface512.model.json"));
    }

    @Test
    void descriptorThatDisagreesWithTheModelStopsTheStartNamingTheAxis() throws Exception {
        ModelDescriptor d = arcface();
        ModelDescriptor wrongSize = ModelDescriptor.parse(d.toJson().replace("\"width\" : 112", "\"width\" : 96"));
        ModelDescriptor wrongDim = ModelDescriptor.parse(d.toJson().replace("\"dimension\" : 512", "\"dimension\" : 128"));
        try (OnnxModel m = CPU.open(d.onnxPath(TestModels.modelsDir()))) {
            InferenceException size = assertThrows(InferenceException.class, () -> new FaceEmbedder(m, wrongSize));
            assertTrue(size.getMessage().contains("width 112, the descriptor says 96"), size.getMessage());
            InferenceException dim = assertThrows(InferenceException.class, () -> new FaceEmbedder(m, wrongDim));
            assertTrue(dim.getMessage().contains("dimension 512, the descriptor says 128"), dim.getMessage());
        }
    }

    @Test
    void fixedBatchModelEmbedsABatchFaceByFaceLikeTheDynamicOne() throws Exception {
        ModelDescriptor d = arcface();
        Path dynamicFile = d.onnxPath(TestModels.modelsDir());
        ModelProto.Builder fixed = ModelProto.parseFrom(Files.readAllBytes(dynamicFile)).toBuilder();
        TensorShapeProto.Dimension one = TensorShapeProto.Dimension.newBuilder().setDimValue(1).build();
        fixed.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().setDim(0, one);
        fixed.getGraphBuilder().getOutputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().setDim(0, one);
        List<RgbImage> chips = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            byte[] rgb = new byte[112 * 112 * 3];
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] = (byte) ((i * (k + 3)) % 251);
            }
            chips.add(new RgbImage(112, 112, rgb));
        }
        try (OnnxModel dynamic = CPU.open(dynamicFile); OnnxModel perFace = CPU.open("fixed", fixed.build().toByteArray())) {
            FaceEmbedder batched = new FaceEmbedder(dynamic, d);
            FaceEmbedder single = new FaceEmbedder(perFace, d);
            assertFalse(batched.oneFacePerRun());
            assertTrue(single.oneFacePerRun());
            Embedding[] a = batched.embedChips(chips);
            Embedding[] b = single.embedChips(chips);
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(a[k].values(), b[k].values(), 1e-4f);
            }
        }
    }
}
