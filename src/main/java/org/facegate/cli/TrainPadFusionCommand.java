package org.facegate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.facegate.config.UsageException;
import org.facegate.inference.ModelsFolder;
import org.facegate.inference.OnnxRuntime;
import org.facegate.modelimport.MiniFasNetImport;
import org.facegate.modelimport.PadImport;
import org.facegate.pad.PadSettings;
import org.facegate.pad.PresentationAttackDetector;
import org.facegate.pad.TextureModel;
import org.facegate.padtraining.PadFeatures;
import org.facegate.padtraining.PadFusionReport;
import org.facegate.padtraining.PadFusionTraining;
import org.facegate.padtraining.PadMemberInputs;
import org.facegate.padtraining.SourceFolds;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.PipelineSettings;

/**
 * {@code train-pad-fusion --dataset DIR [--dataset DIR ...] --lfw DIR [--target-bpcer 0.05] [--lambda X] [--every N]
 * [--pairs-every N] [--threads N] [--out DIR] [--resources DIR] [--install DIR] [--inputs-cache FILE]}: fits the
 * default PAD across cameras
 * ({@link PadFusionTraining}): the colour-texture model retrained on every data set's live and attack photos and LFW
 * photos of people in no pair, fused with the two MiniFASNets of the models folder; prints per source, per subject and
 * leave-one-source-out tables for the fusion and each member alone, and writes the texture model
 * ({@value #TEXTURE_JSON}), the fusion coefficients ({@value #FUSION_JSON}) and {@code report.json} into {@code --out};
 * {@code --resources DIR} writes the two coefficient files there too (the committed ones:
 * {@code src/main/resources/org/facegate/pad}); {@code --install DIR} writes descriptors and models into a models
 * folder at once; {@code --inputs-cache FILE} keeps the photos' model inputs for refits with other options. Missing
 * folders or models end with a usage error.
 */
final class TrainPadFusionCommand implements Command {

    static final String TEXTURE_ID = "facegate-colour-texture-cameras@2";
    static final String FUSED_ID = "facegate-pad-fusion-cameras@1";
    static final String TEXTURE_JSON = "colour-texture-cameras.json";
    static final String FUSION_JSON = "pad-fusion-cameras.json";

    @Override
    public String name() {
        return "train-pad-fusion";
    }

    @Override
    public String summary() {
        return "--dataset DIR... --lfw DIR: fit the default PAD (texture + MiniFASNets) across cameras";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(PipelineOptions.OPTIONS_WITHOUT_DECISION, "dataset", "lfw", "target-bpcer", "lambda",
                "every", "pairs-every", "threads", "out", "resources", "install", "inputs-cache");
    }

    @Override
    public int run(Arguments args) throws Exception {
        List<String> datasets = args.options("dataset");
        Path lfw = args.option("lfw").map(Path::of).orElseThrow(() -> new UsageException("--lfw DIR is required"));
        if (datasets.isEmpty()) {
            throw new UsageException("--dataset DIR is required (at least once)");
        }
        double target = Double.parseDouble(args.option("target-bpcer", "0.05"));
        double lambda = Double.parseDouble(args.option("lambda", "0.001"));
        int every = args.intOption("every", 1);
        int pairsEvery = args.intOption("pairs-every", 4);
        int threads = args.intOption("threads", Runtime.getRuntime().availableProcessors());
        Path out = Path.of(args.option("out", "results/pad-fusion"));
        Path resources = args.option("resources").map(Path::of).orElse(null);
        Path install = args.option("install").map(Path::of).orElse(null);
        Path cache = args.option("inputs-cache").map(Path::of).orElse(null);
        PipelineSettings settings = PipelineOptions.settings(args, false).withPresentation(PadSettings.OFF);
        Path models = PipelineOptions.modelsDir(args);
        args.rejectUnknown();
        TextureModel base = TextureModel.shipped();
        if (base == null) {
            throw new UsageException("no colour-texture model in this build to take the crop and radii from");
        }
        List<SourceFolds.SourcePhoto> photos = new ArrayList<>();
        for (String d : datasets) {
            photos.addAll(SourceFolds.dataset(Path.of(d), every));
        }
        photos.addAll(SourceFolds.lfwUnpaired(lfw, every));
        photos.addAll(SourceFolds.lfwPairs(lfw, pairsEvery));
        String command = "facegate train-pad-fusion " + String.join(" ", datasets.stream().map(d -> "--dataset "
                + Path.of(d).getFileName()).toList()) + " --lfw " + lfw.getFileName() + String.format(Locale.ROOT,
                " --target-bpcer %s --lambda %s --every %d --pairs-every %d", target, lambda, every, pairsEvery);
        OnnxRuntime runtime = new OnnxRuntime(settings.inference());
        long t0 = System.nanoTime();
        List<PadMemberInputs.Row> rows;
        List<String> memberIds = new ArrayList<>();
        List<PresentationAttackDetector> others = new ArrayList<>();
        try (FacePipeline pipeline = FacePipeline.open(models, ModelsFolder.faceApiDescriptor(models), settings)) {
            for (String file : List.of(MiniFasNetImport.V2_DESCRIPTOR_FILE, MiniFasNetImport.V1SE_DESCRIPTOR_FILE)) {
                Path f = models.resolve(file);
                if (!Files.isRegularFile(f)) {
                    throw new UsageException("no " + f + " (the build writes it: mvn -B -DskipTests package)");
                }
                PresentationAttackDetector det = PresentationAttackDetector.open(runtime, f);
                others.add(det);
                memberIds.add(det.modelId());
            }
            PadFeatures features = new PadFeatures(pipeline, runtime, base.crop(), base.radii());
            PadMemberInputs inputs = new PadMemberInputs(pipeline, features, others);
            rows = cache == null ? inputs.of(photos, threads) : inputs.cached(photos, threads, cache);
        } finally {
            others.forEach(PresentationAttackDetector::close);
        }
        double inputSeconds = (System.nanoTime() - t0) / 1e9;
        String data = "bona fide: live photos of " + String.join(", ", datasets.stream().map(d -> Path.of(d)
                .getFileName().toString()).toList()) + " and the first LFW photo of each person in no pair of"
                + " pairs.txt; attacks: the attack photos of those data sets; LFW photos in pairs never fitted; "
                + photos.size() + " photos in all; " + command;
        PadFusionTraining.Result r = new PadFusionTraining(new PadFusionTraining.Options(TEXTURE_ID, FUSED_ID,
                base.crop(), base.radii(), lambda, target, threads, memberIds, data)).train(rows);
        List<Map<String, Object>> perSource = PadFusionReport.perSource(r, rows);
        List<Map<String, Object>> subjects = PadFusionReport.perSubject(r);
        List<Map<String, Object>> loso = PadFusionReport.leaveOneSourceOut(r);
        System.out.printf(Locale.ROOT, "train-pad-fusion: %d photos (%d with a face), inputs in %.1f s, fitted in %.1f"
                + " s; fusion %s: bias %.4f, weights %s, threshold %.4f%n", rows.size(), r.faces().size(),
                inputSeconds, (System.nanoTime() - t0) / 1e9 - inputSeconds, r.fusion().members(), r.fusion().bias(),
                java.util.Arrays.toString(r.fusion().weights()), r.fusion().threshold());
        PadFusionReport.print(System.out, perSource, subjects, loso);
        List<Integer> fitted = new ArrayList<>();
        boolean[] live = new boolean[r.faces().size()];
        for (int i = 0; i < live.length; i++) {
            live[i] = !r.faces().get(i).photo().photo().attack();
            if (r.faces().get(i).photo().fit()) {
                fitted.add(i);
            }
        }
        for (PadFusionTraining.Scored sys : r.systems()) {
            System.out.printf(Locale.ROOT, "%s: each source's own threshold at BPCER %.3f: %s%n", sys.name(), target,
                    PadFusionTraining.sourceThresholds(sys.scores(), r.faces(), fitted, live, target));
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve(TEXTURE_JSON), r.texture().toJson() + "\n");
        Files.writeString(out.resolve(FUSION_JSON), r.fusion().toJson() + "\n");
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", command);
        report.put("fusion", r.fusion());
        report.put("perSource", perSource);
        report.put("perSubject", subjects);
        report.put("leaveOneSourceOut", loso);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("report.json").toFile(),
                report);
        System.out.println("train-pad-fusion: wrote " + out.resolve(TEXTURE_JSON) + ", " + out.resolve(FUSION_JSON)
                + " and " + out.resolve("report.json"));
        if (resources != null) {
            Files.createDirectories(resources);
            Files.writeString(resources.resolve(TEXTURE_JSON), r.texture().toJson() + "\n");
            Files.writeString(resources.resolve(FUSION_JSON), r.fusion().toJson() + "\n");
            System.out.println("train-pad-fusion: wrote the coefficients into " + resources);
        }
        if (install != null) {
            new PadImport().importCameras(r.texture(), r.fusion(), install);
            System.out.println("train-pad-fusion: wrote " + install.resolve(PadSettings.DEFAULT_DESCRIPTOR_FILE)
                    + " and its members");
        }
        return 0;
    }
}
