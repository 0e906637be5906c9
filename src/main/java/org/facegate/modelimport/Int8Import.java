package org.facegate.modelimport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.ModelsFolder;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;

/**
 * The int8 graphs of the recognition networks, made at build time by {@link Int8Quantiser} from the activation
 * ranges committed beside this class ({@code calibration/*.ranges.json}, written by {@code calibrate-int8}), so no
 * network runs during the build and every build makes the same bytes. Each member descriptor gains its
 * {@code int8OnnxFile}; an fp32-only copy of each ({@code *-fp32.model.json}) and of the default fusion
 * ({@value #FP32_FUSION_FILE}) keep fp32 one setting away. A network without a committed table stays fp32.
 */
final class Int8Import {

    static final String FP32_FUSION_FILE = "facegate-fusion-fp32.model.json";

    /** A recognition network: its fp32 ONNX file and its descriptor. */
    record Network(String onnxFile, String descriptorFile) {

        String int8File() {
            return onnxFile.replace(".onnx", ".int8.onnx");
        }

        String fp32DescriptorFile() {
            return descriptorFile.replace(".model.json", "-fp32.model.json");
        }
    }

    static final List<Network> NETWORKS = List.of(
            new Network(ModelsFolder.RECOGNITION_FILE, ModelsFolder.RECOGNITION_DESCRIPTOR_FILE),
            new Network(FacepluginImport.RECOGNITION_FILE, FacepluginImport.DESCRIPTOR_FILE));

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    List<ModelImporter.ImportedModel> importAll(Path outDir) throws IOException {
        List<ModelImporter.ImportedModel> done = new ArrayList<>();
        for (Network n : NETWORKS) {
            Path descriptorFile = outDir.resolve(n.descriptorFile());
            Path fp32File = outDir.resolve(n.onnxFile());
            if (!Files.isRegularFile(descriptorFile) || !Files.isRegularFile(fp32File)) {
                continue;
            }
            ModelDescriptor d = ModelDescriptor.load(descriptorFile).withoutInt8();
            d.write(outDir.resolve(n.fp32DescriptorFile()));
            done.add(new ModelImporter.ImportedModel(n.fp32DescriptorFile(), 0, 0,
                    Files.size(outDir.resolve(n.fp32DescriptorFile()))));
            ActivationRanges ranges = ActivationRanges.committed(n.onnxFile());
            if (ranges == null) {
                d.write(descriptorFile);
                continue;
            }
            ModelProto int8 = Int8Quantiser.quantise(ModelProto.parseFrom(Files.readAllBytes(fp32File)), ranges);
            Path target = outDir.resolve(n.int8File());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.write(tmp, int8.toByteArray());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done.add(new ModelImporter.ImportedModel(n.int8File() + ", int8 (" + ranges.floatNodes().size()
                    + " node(s) kept fp32)", 0, 0, Files.size(target)));
            d.withInt8(n.int8File()).write(descriptorFile);
        }
        Path fusion = outDir.resolve(ModelsFolder.DEFAULT_DESCRIPTOR_FILE);
        if (Files.isRegularFile(fusion)) {
            ObjectNode root = (ObjectNode) JSON.readTree(fusion.toFile());
            for (com.fasterxml.jackson.databind.JsonNode m : root.withArray("members")) {
                String file = m.path("descriptor").asText();
                for (Network n : NETWORKS) {
                    if (n.descriptorFile().equals(file)) {
                        ((ObjectNode) m).put("descriptor", n.fp32DescriptorFile());
                    }
                }
            }
            Path fp32Fusion = outDir.resolve(FP32_FUSION_FILE);
            Files.writeString(fp32Fusion, JSON.writeValueAsString(root) + "\n");
            done.add(new ModelImporter.ImportedModel(FP32_FUSION_FILE, 0, 0, Files.size(fp32Fusion)));
        }
        return done;
    }
}
