package org.facegate.app;

import java.nio.file.Path;
import org.facegate.inference.ExecutionProvider;
import org.facegate.inference.InferenceSettings;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.PipelineSettings;

/**
 * The command-line options every command that runs the face pipeline shares:
 * {@code --models DIR} (default: {@code models/} beside the jar, or env FACEGATE_MODELS_DIR),
 * {@code --provider auto|cuda|cpu} (env FACEGATE_PROVIDER), {@code --threads N} (ONNX Runtime intra-op
 * threads, 0 = one per core), {@code --threshold T} (decision distance), {@code --detector-size N}.
 */
final class PipelineOptions {

    private PipelineOptions() {
    }

    static Path modelsDir(Arguments args) {
        return args.option("models").map(Path::of).orElseGet(FacePipeline::defaultModelsDir);
    }

    static PipelineSettings settings(Arguments args) {
        String provider = args.option("provider").orElse(env("FACEGATE_PROVIDER", "auto"));
        InferenceSettings inference;
        try {
            inference = InferenceSettings.DEFAULTS.withProvider(ExecutionProvider.parse(provider))
                    .withIntraOpThreads(args.intOption("threads", 0));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        PipelineSettings s = PipelineSettings.DEFAULTS.withInference(inference);
        if (args.option("threshold").isPresent()) {
            try {
                s = s.withThreshold(Double.parseDouble(args.option("threshold").get()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--threshold needs a positive number");
            }
        }
        int detectorSize = args.intOption("detector-size", s.detectorInputSize());
        if (detectorSize != s.detectorInputSize()) {
            try {
                s = new PipelineSettings(s.inference(), s.limits(), detectorSize, s.scoreThreshold(),
                        s.minFaceSize(), s.selection(), s.dominance(), s.retryPadded(), s.threshold());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return s;
    }

    static FacePipeline open(Arguments args) {
        return FacePipeline.open(modelsDir(args), settings(args));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
