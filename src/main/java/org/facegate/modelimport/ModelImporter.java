package org.facegate.modelimport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.facegate.inference.ModelsFolder;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;

/**
 * Converts the face-api weights (the {@code model/} folder of the npm package {@code @vladmandic/face-api})
 * into ONNX files: {@value ModelsFolder#DETECTOR_FILE}, {@value ModelsFolder#LANDMARKS_FILE} and
 * {@value ModelsFolder#RECOGNITION_FILE}, plus the recognition model's descriptor
 * {@value ModelsFolder#RECOGNITION_DESCRIPTOR_FILE} (the names are the models folder's, {@link ModelsFolder}). Each
 * file is written atomically (temporary file, then rename), so a reader never sees half a model.
 */
public final class ModelImporter {

    /** What one conversion wrote. */
    public record ImportedModel(String file, long parameters, int tensors, long bytes) {

        /** One line for the user: parameters and size, or just the size for the descriptor. */
        public String describe() {
            return tensors == 0 ? String.format("%,d bytes", bytes)
                    : String.format("%,d parameters in %d tensors, %,d bytes", parameters, tensors, bytes);
        }
    }

    public List<ImportedModel> importAll(Path weightsDir, Path outDir) throws IOException {
        if (!Files.isDirectory(weightsDir)) {
            throw new IOException("no face-api weights folder at " + weightsDir
                    + " (the build fetches it with npm into tools/models/node_modules)");
        }
        Files.createDirectories(outDir);
        List<ImportedModel> done = new ArrayList<>();
        WeightsManifest detector = WeightsManifest.load(weightsDir, "tiny_face_detector_model");
        done.add(write(TinyFaceDetectorGraph.build(detector), detector, outDir.resolve(ModelsFolder.DETECTOR_FILE)));
        WeightsManifest landmarks = WeightsManifest.load(weightsDir, "face_landmark_68_model");
        done.add(write(LandmarkNetGraph.build(landmarks), landmarks, outDir.resolve(ModelsFolder.LANDMARKS_FILE)));
        WeightsManifest recognition = WeightsManifest.load(weightsDir, "face_recognition_model");
        done.add(write(RecognitionNetGraph.build(recognition), recognition,
                outDir.resolve(ModelsFolder.RECOGNITION_FILE)));
        Path descriptor = outDir.resolve(ModelsFolder.RECOGNITION_DESCRIPTOR_FILE);
        FaceApiDescriptor.build().write(descriptor);
        done.add(new ImportedModel(ModelsFolder.RECOGNITION_DESCRIPTOR_FILE, 0, 0, Files.size(descriptor)));
        return done;
    }

    /**
     * The similarity alignment FaceGate derived for a model it imports (by descriptor id), or null: lets
     * {@code eval --alignment similarity|similarity-5} compare alignments on the same model.
     *
     * @param fivePoints the five-point template (eyes, nose tip, mouth corners) instead of eyes and mouth centre
     */
    public static org.facegate.inference.ModelDescriptor.Alignment similarityAlignment(String modelId,
            boolean fivePoints) {
        if (!FaceApiDescriptor.build().id().equals(modelId)) {
            return null;
        }
        return fivePoints ? FaceApiDescriptor.SIMILARITY_FIVE_POINTS : FaceApiDescriptor.SIMILARITY;
    }

    /** The face-api model's descriptor as face-api itself runs it (square crop, no flip), for parity checks. */
    public static org.facegate.inference.ModelDescriptor faceApiParityDescriptor() {
        return FaceApiDescriptor.faceApiParity();
    }

    private static ImportedModel write(ModelProto model, WeightsManifest weights, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            model.writeTo(out);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new ImportedModel(target.getFileName().toString(), weights.parameterCount(), weights.tensorCount(),
                Files.size(target));
    }
}
