package org.facegate.modelimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ONNX files the build converts are standard: accepted IR and opset, named inputs and outputs, a dynamic
 * batch dimension, and they run in ONNX Runtime at batch sizes other than one.
 */
class ConvertedModelsTest {

    @ParameterizedTest
    @CsvSource({
        "tiny_face_detector.onnx, image, grid, 416, 25",
        "face_landmark_68.onnx, face, landmarks, 112, 136",
        "face_recognition.onnx, chip, embedding, 150, 128",
        // Shipped with a batch dimension fixed at 1; DynamicBatch rewrote it at import.
        "faceplugin_fr_feature.onnx, input, output, 112, 512",
        // The int8 graphs the build quantises from the committed calibration tables (Int8Import).
        "face_recognition.int8.onnx, chip, embedding, 150, 128",
        "faceplugin_fr_feature.int8.onnx, input, output, 112, 512",
        // The MiniFASNet PAD nets, written from their vendored safetensors (MiniFasNetImport).
        "minifasnet_v2.onnx, input, logits, 80, 3",
        "minifasnet_v1se.onnx, input, logits, 80, 3"})
    void modelIsStandardOnnxWithNamedIoAndDynamicBatch(String file, String input, String output, int size,
            int channels) throws Exception {
        Path path = TestModels.modelsDir().resolve(file);
        ModelProto model;
        try (InputStream in = Files.newInputStream(path)) {
            model = ModelProto.parseFrom(in);
        }
        assertTrue(model.getIrVersion() >= 3 && model.getIrVersion() <= 11, "IR version " + model.getIrVersion());
        assertTrue(model.getOpsetImport(0).getVersion() >= 7 && model.getOpsetImport(0).getVersion() <= 23);
        assertEquals("batch", model.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(path.toString(), new OrtSession.SessionOptions())) {
            NodeInfo in = s.getInputInfo().get(input);
            NodeInfo out = s.getOutputInfo().get(output);
            assertEquals(-1, ((TensorInfo) in.getInfo()).getShape()[0], "dynamic batch");
            assertEquals(-1, ((TensorInfo) out.getInfo()).getShape()[0], "dynamic batch");
            int batch = 3;
            FloatBuffer data = FloatBuffer.allocate(batch * 3 * size * size);
            try (OnnxTensor t = OnnxTensor.createTensor(env, data, new long[] {batch, 3, size, size});
                    OrtSession.Result r = s.run(Map.of(input, t))) {
                long[] shape = ((TensorInfo) r.get(0).getInfo()).getShape();
                assertEquals(batch, shape[0]);
                assertEquals(channels, shape[1]);
            }
        }
    }

    /** Our converter writes each node's attributes in name order, so that the same weights make the same bytes. */
    @ParameterizedTest
    @CsvSource({"tiny_face_detector.onnx", "face_landmark_68.onnx", "face_recognition.onnx", "face_recognition.int8.onnx",
        "pad_colour_texture.onnx", "pad_colour_texture_nuaa.onnx", "minifasnet_v2.onnx", "minifasnet_v1se.onnx"})
    void ourGraphsWriteAttributesInNameOrder(String file) throws Exception {
        ModelProto model;
        try (InputStream in = Files.newInputStream(TestModels.modelsDir().resolve(file))) {
            model = ModelProto.parseFrom(in);
        }
        int withSeveral = 0;
        for (org.facegate.modelimport.onnx.OnnxProto.NodeProto n : model.getGraph().getNodeList()) {
            java.util.List<String> names = n.getAttributeList().stream()
                    .map(org.facegate.modelimport.onnx.OnnxProto.AttributeProto::getName).toList();
            assertEquals(names.stream().sorted().toList(), names, n.getName());
            withSeveral += names.size() > 1 ? 1 : 0;
        }
        assertTrue(withSeveral > 0, "no node with two attributes in " + file);
    }
}
