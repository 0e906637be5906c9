package org.facegate.cli;

import java.nio.file.Path;
import java.util.Set;
import org.facegate.config.UsageException;
import org.facegate.inference.ExecutionProvider;
import org.facegate.inference.InferenceSettings;
import org.facegate.inference.ModelsFolder;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.PipelineSettings;

/**
 * The command-line options every command that runs the face pipeline shares:
 * {@code --models DIR} (default: {@code models/} beside the jar, or env FACEGATE_MODELS_DIR),
 * {@code --provider auto|cuda|cpu} (env FACEGATE_PROVIDER), {@code --threads N} (ONNX Runtime intra-op
 * threads per session, 0 = one: the caller's), {@code --threshold T} (decision distance) or {@code --target-far R} (the
 * threshold the model's calibration gives for false-match rate R), {@code --detector-size N},
 * {@code --landmark-passes 1-3} (runs of the 68-point net per face, default 1),
 * {@code --model DESCRIPTOR} (another recognition model), {@code --quality-gate} (switch the gate on).
 */
final class PipelineOptions {

    /** What {@link #settings(Arguments)}, {@link #modelsDir} and {@link #open} read. */
    static final Set<String> OPTIONS = Set.of("models", "provider", "threads", "threshold", "target-far",
            "detector-size", "landmark-passes", "model", "quality-gate");

    /** What {@code settings(args, false)} and {@link #modelsDir} read: no decision options, no {@code --model}. */
    static final Set<String> OPTIONS_WITHOUT_DECISION = Set.of("models", "provider", "threads", "detector-size",
            "landmark-passes", "quality-gate");

    private PipelineOptions() {
    }

    static Path modelsDir(Arguments args) {
        return args.option("models").map(Path::of).orElseGet(ModelsFolder::defaultDir);
    }

    static PipelineSettings settings(Arguments args) {
        return settings(args, true);
    }

    /**
     * @param decisionOptions whether {@code --threshold} and {@code --target-far} set the decision threshold
     *                        (not for {@code eval}, where {@code --target-far} is the calibration target)
     */
    static PipelineSettings settings(Arguments args, boolean decisionOptions) {
        String provider = args.option("provider").orElse(env("FACEGATE_PROVIDER", "auto"));
        InferenceSettings inference;
        try {
            inference = InferenceSettings.DEFAULTS.withProvider(ExecutionProvider.parse(provider))
                    .withIntraOpThreads(args.intOption("threads", 0));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        PipelineSettings s = PipelineSettings.DEFAULTS.withInference(inference);
        if (!decisionOptions) {
            return detectorAndQuality(args, s);
        }
        if (args.option("threshold").isPresent() && args.option("target-far").isPresent()) {
            throw new UsageException("give --threshold or --target-far, not both");
        }
        if (args.option("threshold").isPresent()) {
            try {
                s = s.withThreshold(Double.parseDouble(args.option("threshold").get()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--threshold needs a number (a distance, or a fused score for a fusion)");
            }
        }
        if (args.option("target-far").isPresent()) {
            try {
                s = s.withTargetFalseMatchRate(Double.parseDouble(args.option("target-far").get()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--target-far needs a rate between 0 and 1, e.g. 0.001");
            }
        }
        return detectorAndQuality(args, s);
    }

    private static PipelineSettings detectorAndQuality(Arguments args, PipelineSettings settings) {
        PipelineSettings s = settings;
        int detectorSize = args.intOption("detector-size", s.detectorInputSize());
        if (detectorSize != s.detectorInputSize()) {
            try {
                s = s.withDetectorInputSize(detectorSize);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        int passes = args.intOption("landmark-passes", s.landmarkPasses());
        if (passes != s.landmarkPasses()) {
            try {
                s = s.withLandmarkPasses(passes);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (args.flag("quality-gate")) {
            s = s.withQuality(s.quality().enable());
        }
        return s;
    }

    /** The pipeline with the recognition model of {@code --model DESCRIPTOR}, else the face-api one. */
    static FacePipeline open(Arguments args) {
        return open(args, settings(args));
    }

    static FacePipeline open(Arguments args, PipelineSettings settings) {
        Path models = modelsDir(args);
        Path descriptor = args.option("model").map(Path::of).orElseGet(() -> ModelsFolder.defaultDescriptor(models));
        try {
            return FacePipeline.open(models, descriptor, settings);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
