package org.facegate.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.facegate.config.UsageException;
import org.facegate.inference.InferenceException;
import org.facegate.inference.OnnxRuntime;
import org.facegate.pad.PadSettings;
import org.facegate.pad.PresentationAttackDetector;
import org.facegate.padtraining.CameraCalibration;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.PipelineSettings;

/**
 * {@code calibrate-pad --bona-fide DIR --out DIR [--target-bpcer 0.02] [--model PAD-DESCRIPTOR] [--name NAME]
 * [--id ID] [--models DIR] [--provider P] [--threads N] [--detector-size N]}: sets a PAD descriptor's threshold from one camera's genuine captures ({@link CameraCalibration}) and
 * writes {@code OUT/NAME.pad.json} (default NAME {@code camera-<DIR's name>}, id {@code <base id>@NAME}), its model
 * files and {@code OUT/NAME.calibration.json}; the service takes it per gate group
 * ({@code facegate.pad.group.G.descriptor}, docs/configuration.md), {@code eval pad --model} measures it. The base
 * descriptor defaults to the build's ({@code facegate-pad.pad.json} in the models folder).
 */
final class CalibratePadCommand implements Command {

    @Override
    public String name() {
        return "calibrate-pad";
    }

    @Override
    public String summary() {
        return "--bona-fide DIR --out DIR [--target-bpcer 0.02]: a PAD descriptor whose threshold gives the target BPCER on a camera's genuine captures";
    }

    @Override
    public Set<String> options() {
        return Set.of("bona-fide", "out", "target-bpcer", "model", "name", "id", "models", "provider", "threads",
                "detector-size");
    }

    @Override
    public int run(Arguments args) throws Exception {
        Path bonaFide = Path.of(args.option("bona-fide").orElseThrow(() -> new UsageException("--bona-fide DIR is required"
                + " (a folder of the camera's genuine captures, at any depth)")));
        Path out = Path.of(args.option("out").orElseThrow(() -> new UsageException("--out DIR is required")));
        String targetText = args.option("target-bpcer", "0.02");
        double target;
        try {
            target = Double.parseDouble(targetText);
        } catch (NumberFormatException e) {
            throw new UsageException("--target-bpcer needs a number, not '" + targetText + "'");
        }
        try {
            org.facegate.padtraining.BpcerThreshold.minimumFaces(target); // refused before any model is opened
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path models = PipelineOptions.modelsDir(args);
        Path base = args.option("model").map(Path::of).orElse(models.resolve(PadSettings.DEFAULT_DESCRIPTOR_FILE));
        String dirName = bonaFide.toAbsolutePath().normalize().getFileName() == null ? "root"
                : bonaFide.toAbsolutePath().normalize().getFileName().toString();
        String name = args.option("name", "camera-" + dirName.replaceAll("[^A-Za-z0-9._-]", "_"));
        String idOption = args.option("id").orElse(null);
        PipelineSettings settings = PipelineOptions.settings(args, false).withPresentation(PadSettings.OFF);
        args.rejectUnknown();
        try (FacePipeline pipeline = FacePipeline.open(models, org.facegate.inference.ModelsFolder.faceApiDescriptor(models), settings);
             PresentationAttackDetector pad = PresentationAttackDetector.open(new OnnxRuntime(settings.inference()), base)) {
            String id = idOption != null ? idOption : pad.modelId() + "@" + name;
            CameraCalibration.Report r = new CameraCalibration(pipeline, pad, base.toAbsolutePath().getParent())
                    .calibrate(bonaFide, target, out, name, id, "facegate calibrate-pad " + String.join(" ", args.raw()));
            Path written = out.resolve(r.descriptor());
            PresentationAttackDetector.open(new OnnxRuntime(settings.inference()), written).close(); // opens from OUT
            System.out.printf(Locale.ROOT, "calibrate-pad: %d photos, %d faces found, %d failures to acquire %s (apart,"
                    + " not in BPCER); data %s%n", r.photos(), r.faces(), r.photos() - r.faces(), r.failuresToAcquire(),
                    r.sha256());
            System.out.printf(Locale.ROOT, "calibrate-pad: threshold %.6f (base %s: %.6f): BPCER %.2f %% (%d of %d),"
                    + " 95 %% Clopper-Pearson %.2f-%.2f %%, target %s%n", r.threshold(), r.baseId(),
                    pad.descriptor().threshold(), 100 * r.bpcer(), r.rejected(), r.faces(), 100 * r.bpcerLow95(),
                    100 * r.bpcerHigh95(), targetText);
            System.out.println("calibrate-pad: wrote " + written + " (id " + r.id() + ") and its model files; use it with"
                    + " facegate.pad.group.NAME.descriptor=" + written.toAbsolutePath());
            return 0;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (InferenceException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
