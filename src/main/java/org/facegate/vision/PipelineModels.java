package org.facegate.vision;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.ModelsFolder;
import org.facegate.inference.OnnxModel;
import org.facegate.inference.OnnxRuntime;
import org.facegate.inference.RecognitionDescriptor;
import org.facegate.pad.PadSettings;

/**
 * The networks a {@link FacePipeline} runs, one ONNX Runtime session each: the detector and the landmark network of
 * the models folder ({@link ModelsFolder}), one recognition network per member of the descriptor (its int8 graph
 * where it has one and runs on the CPU) and the presentation-attack stage unless switched off (null then). When a
 * recognition network or the PAD model cannot be opened, the sessions opened so far are closed and the
 * {@link org.facegate.inference.InferenceException} (or {@link IllegalArgumentException}) goes to the caller.
 */
final class PipelineModels implements AutoCloseable {

    /** Logs under the pipeline's name: these lines are the pipeline's opening. */
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FacePipeline.class);

    private final OnnxModel detectorModel;
    private final OnnxModel landmarkModel;
    private final List<OnnxModel> recognitionModels = new ArrayList<>();
    final TinyFaceDetector detector;
    final FaceLandmarker landmarker;
    /** One per member model of the descriptor, in member order; all see the same face and landmarks. */
    final List<FaceEmbedder> embedders = new ArrayList<>();
    /** Presentation-attack detection on live photos; null when switched off. */
    final PresentationStage pad;

    PipelineModels(OnnxRuntime runtime, Path modelsDir, RecognitionDescriptor descriptor, Path descriptorDir,
            PadSettings presentation) {
        this.detectorModel = runtime.open(ModelsFolder.detector(modelsDir));
        this.landmarkModel = runtime.open(ModelsFolder.landmarks(modelsDir));
        this.detector = new TinyFaceDetector(detectorModel);
        this.landmarker = new FaceLandmarker(landmarkModel);
        try {
            for (ModelDescriptor member : descriptor.members()) {
                OnnxModel model = runtime.open(member.onnxPath(descriptorDir), member.int8Path(descriptorDir));
                recognitionModels.add(model);
                FaceEmbedder e = new FaceEmbedder(model, member);
                embedders.add(e);
                LOG.info("recognition model {}: runs {} on {}{}; {}", member.id(), model.name(), model.provider(),
                        model.name().equals(member.int8OnnxFile()) ? " (int8; processor: "
                                + org.facegate.inference.CpuFeatures.current().describe() + ")" : " (fp32)",
                        e.oneFacePerRun() ? "batch dimension fixed at 1 in the ONNX file, faces run one per network run"
                                : "dynamic batch, faces of a batch in one network run");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        PresentationStage stage = null;
        try {
            stage = PresentationStage.open(runtime, modelsDir, presentation);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.pad = stage;
    }

    /** The execution provider the first recognition network actually runs on. */
    org.facegate.inference.ExecutionProvider provider() {
        return recognitionModels.get(0).provider();
    }

    /** Each recognition network's ONNX file, in member order, as "model id: file". */
    List<String> recognitionGraphs() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < embedders.size(); i++) {
            out.add(embedders.get(i).descriptor().id() + ": " + recognitionModels.get(i).name());
        }
        return out;
    }

    @Override
    public void close() {
        if (pad != null) {
            pad.close();
        }
        detectorModel.close();
        landmarkModel.close();
        recognitionModels.forEach(OnnxModel::close);
    }
}
