package org.facegate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.facegate.config.UsageException;
import org.facegate.inference.ModelsFolder;
import org.facegate.inference.OnnxRuntime;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PadSettings;
import org.facegate.pad.TextureModel;
import org.facegate.padtraining.PadFeatures;
import org.facegate.padtraining.PadPhotos;
import org.facegate.padtraining.TexturePadTraining;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.PipelineSettings;

/**
 * {@code train-pad --dataset DIR [--out FILE] [--install DIR] [--size 64] [--radii 1,2] [--box-scale 1.0]
 * [--lambda L] [--target-bpcer 0.02] [--augment N] [--threads N]}: trains FaceGate's colour-texture PAD model on a data
 * set with {@code live/} and {@code attack/} folders (the layout of {@code nuaa-pad}), prints the
 * leave-one-subject-out table and writes the coefficients (docs/presentation-attacks.md). The build turns the
 * committed coefficients into the default PAD model; {@code --install DIR} writes a model and descriptor at once (a
 * site's own captures: {@code facegate.pad.descriptor=DIR/facegate-pad.pad.json}).
 */
final class TrainPadCommand implements Command {

    static final String DEFAULT_ID = "facegate-colour-texture-nuaa@1";

    @Override
    public String name() {
        return "train-pad";
    }

    @Override
    public String summary() {
        return "--dataset DIR [--out FILE]: train the colour-texture PAD model (leave-one-subject-out table)";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(PipelineOptions.OPTIONS_WITHOUT_DECISION, "dataset", "box-scale", "size", "radii", "lambda",
                "target-bpcer", "threads", "out", "install", "augment", "augment-strength");
    }

    @Override
    public int run(Arguments args) throws Exception {
        Path dataset = Path.of(args.option("dataset").orElseThrow(() -> new UsageException("--dataset DIR is required")));
        TextureModel shipped = TextureModel.shipped();
        PadDescriptor.Crop defaults = shipped != null ? shipped.crop()
                : new PadDescriptor.Crop(1.0, 64, PadDescriptor.Fill.CLAMP);
        int[] defaultRadii = shipped != null ? shipped.radii() : new int[] {1, 2};
        PadDescriptor.Crop crop = new PadDescriptor.Crop(
                Double.parseDouble(args.option("box-scale").orElse(String.valueOf(defaults.boxScale()))),
                args.intOption("size", defaults.size()), defaults.fill());
        int[] radii = args.option("radii").map(r -> Arrays.stream(r.split(",")).mapToInt(Integer::parseInt).toArray())
                .orElse(defaultRadii);
        double lambda = Double.parseDouble(args.option("lambda").orElse("0.01"));
        double targetBpcer = Double.parseDouble(args.option("target-bpcer").orElse("0.02"));
        int threads = args.intOption("threads", Runtime.getRuntime().availableProcessors());
        Path out = args.option("out").map(Path::of).orElse(null);
        Path install = args.option("install").map(Path::of).orElse(null);
        int copies = args.intOption("augment", 0);
        double strength = Double.parseDouble(args.option("augment-strength").orElse("1"));
        org.facegate.padtraining.CaptureAugmentation augmentation =
                org.facegate.padtraining.CaptureAugmentation.DEFAULT.scaled(copies, strength);
        PipelineSettings settings = PipelineOptions.settings(args, false).withPresentation(PadSettings.OFF);
        java.nio.file.Path models = PipelineOptions.modelsDir(args);
        args.rejectUnknown();
        List<PadPhotos.Photo> photos = PadPhotos.list(dataset);
        long t0 = System.nanoTime();
        List<PadFeatures.Sample> samples;
        try (FacePipeline pipeline = FacePipeline.open(models, ModelsFolder.faceApiDescriptor(models), settings)) {
            PadFeatures features = new PadFeatures(pipeline, new OnnxRuntime(settings.inference()), crop, radii,
                    augmentation);
            samples = features.of(photos, threads);
        }
        double featureSeconds = (System.nanoTime() - t0) / 1e9;
        TexturePadTraining.Result r = new TexturePadTraining(new TexturePadTraining.Options(DEFAULT_ID, crop, radii,
                lambda, targetBpcer, augmentation)).train(samples, dataset.getFileName().toString());
        System.out.printf("train-pad: %d photos (%d without a face, left out), %d augmented copies each, descriptors in"
                + " %.1f s; crop %s, radii %s, lambda %s%n", r.photos(), r.withoutFace(), copies, featureSeconds, crop,
                Arrays.toString(radii), lambda);
        System.out.printf("%-8s %9s %8s %8s %8s%n", "subject", "bona fide", "attacks", "APCER", "BPCER");
        for (TexturePadTraining.SubjectResult s : r.subjects()) {
            System.out.printf("%-8s %9d %8d %7.2f%% %7.2f%%%n", s.subject(), s.bonaFide(), s.attacks(), 100 * s.apcer(),
                    100 * s.bpcer());
        }
        System.out.printf("%-8s %9s %8s %7.2f%% %7.2f%%   (leave-one-subject-out, threshold %.4f, AUC %.5f)%n",
                "pooled", "", "", 100 * r.apcer(), 100 * r.bpcer(), r.model().threshold(), r.auc());
        for (PadDescriptor.OperatingPoint p : r.model().operatingPoints()) {
            System.out.printf("  threshold %.4f: APCER %.2f%%, BPCER %.2f%%%n", p.threshold(), 100 * p.apcer(),
                    100 * p.bpcer());
        }
        if (out != null) {
            Files.writeString(out, r.model().toJson() + "\n");
            System.out.println("train-pad: wrote " + out);
        }
        if (install != null) {
            new org.facegate.modelimport.PadImport().importTexture(r.model(), install);
            System.out.println("train-pad: wrote " + install.resolve(PadSettings.DEFAULT_DESCRIPTOR_FILE) + " and its model");
        }
        return 0;
    }
}
