package org.facegate.inference;

import java.nio.file.Path;

/**
 * The layout of the models folder: the names of the files the build's model import writes there and the runtime
 * reads ({@code target/models}, or {@code models/} beside the jar). The importer writes by these names and the face
 * pipeline, benchmarks and tools read by them, so neither side has to know the other. Only names and paths: nothing
 * here checks that a file exists (opening a missing model fails in {@link OnnxRuntime} with an
 * {@link InferenceException}). The PAD model's descriptor name belongs to {@code pad.PadSettings}.
 */
public final class ModelsFolder {

    /** The face detector (face-api's tiny face detector). */
    public static final String DETECTOR_FILE = "tiny_face_detector.onnx";
    /** The 68-point landmark network. */
    public static final String LANDMARKS_FILE = "face_landmark_68.onnx";
    /** The face-api ResNet recognition network. */
    public static final String RECOGNITION_FILE = "face_recognition.onnx";
    /** The face-api recognition model's descriptor (input format, alignment, metric, calibrated threshold). */
    public static final String RECOGNITION_DESCRIPTOR_FILE = "face-api-resnet128.model.json";
    /**
     * The build's default recognition model: the fusion of the face-api ResNet with the faceplugin net, written when
     * the import is given the faceplugin package.
     */
    public static final String DEFAULT_DESCRIPTOR_FILE = "facegate-fusion.model.json";

    private ModelsFolder() {
    }

    /** The detector's ONNX file in a models folder. */
    public static Path detector(Path modelsDir) {
        return modelsDir.resolve(DETECTOR_FILE);
    }

    /** The landmark network's ONNX file in a models folder. */
    public static Path landmarks(Path modelsDir) {
        return modelsDir.resolve(LANDMARKS_FILE);
    }

    /**
     * The default recognition model's descriptor in a models folder: the fusion of the face-api ResNet and the
     * faceplugin ArcFace net (docs/accuracy.md: at FAR 0.1 % on LFW it accepts 98.4 % of genuine pairs against
     * 96.0 % for the ResNet alone).
     */
    public static Path defaultDescriptor(Path modelsDir) {
        return modelsDir.resolve(DEFAULT_DESCRIPTOR_FILE);
    }

    /** The face-api ResNet's own descriptor in a models folder (one model, no fusion). */
    public static Path faceApiDescriptor(Path modelsDir) {
        return modelsDir.resolve(RECOGNITION_DESCRIPTOR_FILE);
    }

    /**
     * Where the models are by default: the system property {@code facegate.models.dir}, else the environment
     * variable {@code FACEGATE_MODELS_DIR}, else {@code models/} beside the jar (or beside {@code target/classes}).
     */
    public static Path defaultDir() {
        String configured = System.getProperty("facegate.models.dir", System.getenv("FACEGATE_MODELS_DIR"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        try {
            Path code = Path.of(ModelsFolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/facegate.jar -> target/models; target/classes -> target/models
            return code.getParent().resolve("models");
        } catch (Exception e) {
            return Path.of("target", "models");
        }
    }
}
