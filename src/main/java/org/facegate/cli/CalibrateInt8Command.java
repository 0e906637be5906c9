package org.facegate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.facegate.calibration.CalibrationPhotos;
import org.facegate.calibration.Int8Calibration;
import org.facegate.config.UsageException;
import org.facegate.inference.ExecutionProvider;
import org.facegate.inference.InferenceSettings;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.PipelineSettings;

/**
 * {@code calibrate-int8 --dataset LFW_DIR [--photos N] [--tail T] [--target-cosine C] [--max-fp32-nodes K]
 * [--out DIR]}: measures the activation ranges of each recognition network of the fp32 fusion on LFW photos of people
 * in no pair of pairs.txt ({@link CalibrationPhotos}) and writes one table a network into {@code --out} (default: the
 * committed tables beside the importer, {@value #COMMITTED}); the next build quantises with them
 * (docs/benchmarks.md "int8").
 */
final class CalibrateInt8Command implements Command {

    static final String COMMITTED = "src/main/resources/org/facegate/modelimport/calibration";
    static final int PHOTOS = 150;
    static final double TAIL = 1e-5;
    static final double TARGET_COSINE = 0.995;
    static final int MAX_FP32_NODES = 12;

    @Override
    public String name() {
        return "calibrate-int8";
    }

    @Override
    public String summary() {
        return "--dataset LFW_DIR [--photos N] [--out DIR]: measure activation ranges for the int8 recognition graphs";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(Set.of("models"), "dataset", "photos", "tail", "target-cosine", "max-fp32-nodes", "out");
    }

    @Override
    public int run(Arguments args) throws Exception {
        Path lfw = Path.of(args.option("dataset").orElseThrow(() -> new UsageException("--dataset LFW_DIR is required")));
        int count = args.intOption("photos", PHOTOS);
        double tail = Double.parseDouble(args.option("tail", String.valueOf(TAIL)));
        double target = Double.parseDouble(args.option("target-cosine", String.valueOf(TARGET_COSINE)));
        int maxFloat = args.intOption("max-fp32-nodes", MAX_FP32_NODES);
        Path out = Path.of(args.option("out", COMMITTED));
        Path models = PipelineOptions.modelsDir(args);
        args.rejectUnknown();
        if (count < 1 || !(tail >= 0 && tail < 0.01) || !(target > 0 && target <= 1) || maxFloat < 0) {
            throw new UsageException("--photos needs at least 1, --tail 0 to 0.01, --target-cosine 0 to 1,"
                    + " --max-fp32-nodes at least 0");
        }
        Path fp32Fusion = models.resolve("facegate-fusion-fp32.model.json");
        if (!Files.isRegularFile(fp32Fusion)) {
            throw new UsageException("no " + fp32Fusion + " (build the models with `mvn -B -DskipTests package`)");
        }
        List<Path> photos = CalibrationPhotos.fromLfw(lfw, count);
        PipelineSettings settings = PipelineSettings.DEFAULTS.withInference(
                InferenceSettings.DEFAULTS.withProvider(ExecutionProvider.CPU));
        String provenance = String.format("LFW, the first photo of each of the first %d people (by name) in no pair of"
                + " pairs.txt; java -jar target/facegate.jar calibrate-int8 --dataset ../shared/datasets/lfw --photos %d",
                count, count);
        try (FacePipeline fp32 = FacePipeline.open(models, fp32Fusion, settings)) {
            List<Int8Calibration.Result> results = new Int8Calibration(fp32, models)
                    .run(photos, new Int8Calibration.Rule(tail, target, maxFloat), provenance);
            System.out.printf("%-40s %6s %14s %10s %10s%n", "network", "chips", "cosine all-int8", "fp32 nodes", "cosine");
            for (Int8Calibration.Result r : results) {
                System.out.printf("%-40s %6d %14.5f %10d %10.5f%n", r.member().id(), r.chips(), r.cosineAllInt8(),
                        r.ranges().floatNodes().size(), r.cosine());
            }
            for (Path f : Int8Calibration.write(results, out)) {
                System.out.println("written: " + f);
            }
        }
        return 0;
    }
}
