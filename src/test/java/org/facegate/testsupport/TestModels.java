package org.facegate.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.facegate.inference.ExecutionProvider;
import org.facegate.inference.InferenceSettings;
import org.facegate.inference.ModelsFolder;
import org.facegate.modelimport.ModelImporter;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.DetectionRetry;
import org.facegate.vision.PipelineSettings;

/**
 * The real converted models and sample photos that the Maven build produces ({@code target/models},
 * {@code tools/models/node_modules}); one pipeline per test JVM.
 */
public final class TestModels {

    private static FacePipeline pipeline;
    private static FacePipeline faceApiPipeline;
    private static FacePipeline fusionPipeline;

    private TestModels() {
    }

    public static Path modelsDir() {
        Path dir = Path.of(System.getProperty("facegate.models.dir", "target/models"));
        if (!Files.isRegularFile(dir.resolve("face_recognition.onnx"))) {
            throw new IllegalStateException("no converted models in " + dir.toAbsolutePath()
                    + ": run the tests through Maven (mvn verify), which builds them first");
        }
        return dir;
    }

    /** The face-api sample photos (sample1.jpg .. sample6.jpg) fetched by the build. */
    public static Path samplePhoto(String name) {
        Path p = Path.of("tools/models/node_modules/@vladmandic/face-api/demo", name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("sample photo " + p + " missing: the build fetches it with npm");
        }
        return p;
    }

    /**
     * A shared CPU pipeline with default settings and the face-api ResNet alone (one model: what most tests of
     * the pipeline's stages need); {@link #fusionPipeline()} runs the build's default model.
     */
    public static synchronized FacePipeline pipeline() {
        if (pipeline == null) {
            pipeline = FacePipeline.open(modelsDir(), ModelsFolder.faceApiDescriptor(modelsDir()),
                    PipelineSettings.DEFAULTS.withInference(InferenceSettings.DEFAULTS.withProvider(ExecutionProvider.CPU)));
        }
        return pipeline;
    }

    /**
     * A shared CPU pipeline that runs the recognition model exactly as face-api does (its square crop, no flip
     * averaging, one landmark pass on the detector's box, no detection retry): for parity checks against the original package.
     */
    public static synchronized FacePipeline faceApiPipeline() {
        if (faceApiPipeline == null) {
            faceApiPipeline = FacePipeline.open(modelsDir(), ModelImporter.faceApiParityDescriptor(), modelsDir(),
                    PipelineSettings.DEFAULTS.withInference(InferenceSettings.DEFAULTS.withProvider(ExecutionProvider.CPU))
                            .withLandmarkPasses(1).withRetry(DetectionRetry.NONE));
        }
        return faceApiPipeline;
    }

    /**
     * A shared CPU pipeline whose recognition model is the build's default: the fusion it writes ({@code facegate-fusion.model.json}:
     * the face-api ResNet, {@link #pipeline()}'s model, and faceplugin's ArcFace).
     */
    public static synchronized FacePipeline fusionPipeline() {
        if (fusionPipeline == null) {
            fusionPipeline = FacePipeline.open(modelsDir(), modelsDir().resolve("facegate-fusion.model.json"),
                    PipelineSettings.DEFAULTS.withInference(InferenceSettings.DEFAULTS.withProvider(ExecutionProvider.CPU)));
        }
        return fusionPipeline;
    }
}
